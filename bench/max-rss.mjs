// Preloaded into a Node child (node --import bench/max-rss.mjs ...) when GNU time is not installed:
// writes the process's peak resident set size, in KiB, to $SCHEMATIC_BENCH_RSS_FILE at exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const file = process.env.SCHEMATIC_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
