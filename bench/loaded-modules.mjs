// Preloaded into a Node child (node --import bench/loaded-modules.mjs ...): at exit, writes the
// CommonJS modules the process loaded (path and size in bytes) as JSON to $SCHEMATIC_BENCH_MODULES_FILE.
// Packages in node_modules are CommonJS here, so this lists what the process paid to compile.
import { statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

process.on("exit", () => {
  const file = process.env.SCHEMATIC_BENCH_MODULES_FILE;
  if (!file) return;
  const modules = Object.keys(require.cache).map((path) => ({ path, bytes: statSync(path).size }));
  writeFileSync(file, JSON.stringify(modules));
});
