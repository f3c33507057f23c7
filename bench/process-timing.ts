/**
 * Runs a command as a child process and measures what a user waits for: wall time from spawn to exit,
 * and the child's peak resident memory. Memory comes from GNU time (`/usr/bin/time -f %M`) when it is
 * installed; otherwise Node children get a preload that writes `process.resourceUsage().maxRSS` at exit.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Run {
  readonly exitCode: number;
  readonly wallMs: number;
  /** Peak resident set size of the measured process, in MiB; undefined when it could not be measured. */
  readonly peakRssMiB?: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

const GNU_TIME = "/usr/bin/time";
const MAX_OUTPUT = 1024 * 1024 * 1024;

let gnuTimeWorks: boolean | undefined;

/** GNU time exists and understands -f/-o (BusyBox and BSD time do not all do). */
function hasGnuTime(): boolean {
  if (gnuTimeWorks === undefined) {
    gnuTimeWorks =
      existsSync(GNU_TIME) &&
      spawnSync(GNU_TIME, ["-f", "%M", "-o", "/dev/null", "true"], { stdio: "ignore" }).status === 0;
  }
  return gnuTimeWorks;
}

/** Preload for Node children when GNU time is missing: writes maxRSS (KiB) to $SCHEMATIC_BENCH_RSS_FILE. */
const MAX_RSS_PRELOAD = fileURLToPath(new URL("./max-rss.mjs", import.meta.url));

function spawnMeasured(command: Command): Omit<Run, "peakRssMiB"> {
  const started = process.hrtime.bigint();
  const result = spawnSync(command.file, [...command.args], {
    cwd: command.cwd,
    env: command.env ?? process.env,
    encoding: "utf8",
    maxBuffer: MAX_OUTPUT,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  return { exitCode: result.status ?? 128, wallMs, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command once, measuring wall time only (nothing wraps the process). */
export function timeCommand(command: Command): Run {
  return spawnMeasured(command);
}

/**
 * Runs the command once, measuring wall time and peak memory. With GNU time the measured process is
 * the command itself (GNU time waits for it and adds about a millisecond); without it only Node
 * commands (`file` = node) can be measured, through the preload.
 */
export function timeCommandWithMemory(command: Command): Run {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-bench-time-"));
  const report = path.join(dir, "rss");
  try {
    if (hasGnuTime()) {
      const run = spawnMeasured({
        ...command,
        file: GNU_TIME,
        args: ["-f", "%M", "-o", report, command.file, ...command.args],
      });
      return { ...run, ...kibToMib(readFileSync(report, "utf8").trim().split(/\s+/).pop()) };
    }
    if (path.basename(command.file) !== "node" && command.file !== process.execPath)
      return spawnMeasured(command);
    const run = spawnMeasured({
      ...command,
      args: ["--import", MAX_RSS_PRELOAD, ...command.args],
      env: { ...(command.env ?? process.env), SCHEMATIC_BENCH_RSS_FILE: report },
    });
    return { ...run, ...kibToMib(existsSync(report) ? readFileSync(report, "utf8") : undefined) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function kibToMib(text: string | undefined): { peakRssMiB?: number } {
  const kib = Number(text);
  return text !== undefined && Number.isFinite(kib) && kib > 0 ? { peakRssMiB: kib / 1024 } : {};
}

export function memoryMethod(): string {
  return hasGnuTime() ? "GNU time %M" : "process.resourceUsage().maxRSS (preload)";
}

export interface Stats {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function statsOf(runs: readonly Run[]): Stats {
  const times = runs.map((run) => run.wallMs);
  return { runs: runs.length, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

/** `1.23 s` or `456 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
