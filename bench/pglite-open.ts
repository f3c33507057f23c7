/**
 * How long the embedded database takes to open, each run a new Node process as `schematic migrate` is:
 * a new folder from the prepared cluster (a new user's first run), the same folder opened again, and a new
 * folder by initdb (what the template saves). Each time is the process's whole life: Node's start, loading
 * PGlite, opening, `SELECT 1`, closing; the CPU time beside it is less sensitive to a busy machine. The
 * target for the first run is under 3 s. Runs the build (dist/), as the CLI does:
 *
 *   npm run build && node --import tsx bench/pglite-open.ts [--runs N]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHILD = path.join(ROOT, "bench/pglite-open-child.mjs");

type Mode = "template" | "reopen" | "initdb";

interface Sample {
  readonly wallMs: number;
  readonly openMs: number;
  readonly cpuMs: number;
}

function runChild(mode: Mode, folder: string): Sample {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CHILD, mode, folder], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
  const { openMs, cpuMs } = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Omit<Sample, "wallMs">;
  return { wallMs, openMs, cpuMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(runs: number): void {
  const rows: Record<Mode, Sample[]> = { template: [], reopen: [], initdb: [] };
  for (let run = 0; run < runs; run++) {
    const parent = mkdtempSync(path.join(tmpdir(), "schematic-bench-pglite-"));
    try {
      rows.template.push(runChild("template", path.join(parent, "db")));
      rows.reopen.push(runChild("reopen", path.join(parent, "db")));
      rows.initdb.push(runChild("initdb", path.join(parent, "initdb")));
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }
  console.log(
    `embedded database open, ${runs} runs, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)} (whole process, wall time)`,
  );
  const labels: Record<Mode, string> = {
    template: "new folder from the prepared cluster",
    reopen: "existing folder",
    initdb: "new folder by initdb",
  };
  for (const mode of ["template", "reopen", "initdb"] as const) {
    const samples = rows[mode];
    const walls = samples.map((s) => `${(s.wallMs / 1000).toFixed(2)}`).join(", ");
    const opens = samples.map((s) => `${(s.openMs / 1000).toFixed(2)}`).join(", ");
    const cpu = samples.map((s) => `${(s.cpuMs / 1000).toFixed(2)}`).join(", ");
    console.log(
      `  ${labels[mode].padEnd(38)} median ${(median(samples.map((s) => s.wallMs)) / 1000).toFixed(2)} s  (runs: ${walls} s; open alone: ${opens} s; CPU: ${cpu} s)`,
    );
  }
  const first = median(rows.template.map((s) => s.wallMs));
  console.log(
    `  first run target ≤ 3 s: ${first <= 3000 ? "met" : "MISSED"} (${(first / 1000).toFixed(2)} s)`,
  );
}

const args = process.argv.slice(2);
const at = args.indexOf("--runs");
main(at >= 0 ? Number(args[at + 1]) : 3);
