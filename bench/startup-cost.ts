/**
 * Where a short `schematic check` spends its time before it reads a single migration: Node itself,
 * the CLI shell, the fixed cost of `check` on an empty folder, the import cost of the heavy packages,
 * which packages a check loads, and the import chain that brings in the largest one.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ProfileSummary, summarizeCpuProfile } from "./cpu-profile.js";
import { type Command, median, type Stats, statsOf, timeCommand } from "./process-timing.js";

export interface StartupRow {
  readonly label: string;
  readonly stats: Stats;
  /** Median minus the median of bare `node`, for rows that measure an import. */
  readonly overNodeMs?: number;
}

export interface LoadedModule {
  /** Path from node_modules (`node-sql-parser/index.js`), or the absolute path of a file outside it. */
  readonly module: string;
  readonly packageName: string;
  readonly bytes: number;
}

const LOADED_MODULES_PRELOAD = fileURLToPath(new URL("./loaded-modules.mjs", import.meta.url));

function nodeEval(code: string, cwd: string): Command {
  return { file: process.execPath, args: ["--input-type=module", "-e", code], cwd };
}

/** Median wall times of the startup steps, `runs` rounds interleaved. */
export function measureStartup(root: string, runs: number): StartupRow[] {
  const empty = mkdtempSync(path.join(tmpdir(), "schematic-bench-empty-"));
  mkdirSync(path.join(empty, "migrations"));
  const cli = path.join(root, "bin/schematic.js");
  const steps: { label: string; command: Command; isImport?: boolean }[] = [
    { label: "node (no script)", command: nodeEval("", root) },
    {
      label: "schematic --version",
      command: { file: process.execPath, args: [cli, "--version"], cwd: empty },
    },
    {
      label: "schematic check, empty migrations folder",
      command: {
        file: process.execPath,
        args: [cli, "check", "--dialect", "postgres", "--migrations", "migrations", "--format", "json"],
        cwd: empty,
      },
    },
    {
      label: 'import "node-sql-parser" (all grammars)',
      command: nodeEval('await import("node-sql-parser")', root),
      isImport: true,
    },
    {
      label: 'import "node-sql-parser/build/snowflake.js"',
      command: nodeEval('await import("node-sql-parser/build/snowflake.js")', root),
      isImport: true,
    },
    {
      label: 'import "libpg-query" + loadModule() (WASM)',
      command: nodeEval('const m = await import("libpg-query"); await m.loadModule()', root),
      isImport: true,
    },
  ];
  try {
    const times = steps.map(() => [] as ReturnType<typeof timeCommand>[]);
    for (let round = 0; round <= runs; round++) {
      steps.forEach((step, index) => {
        const run = timeCommand(step.command);
        if (run.exitCode !== 0)
          throw new Error(`${step.label} exited ${run.exitCode}:\n${run.stderr.slice(0, 1000)}`);
        if (round > 0) times[index]!.push(run); // round 0 warms the file cache
      });
    }
    const nodeMedian = median(times[0]!.map((run) => run.wallMs));
    return steps.map((step, index) => {
      const stats = statsOf(times[index]!);
      return { label: step.label, stats, ...(step.isImport && { overNodeMs: stats.medianMs - nodeMedian }) };
    });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

/** The CommonJS modules a command loads, largest first. */
export function loadedModules(command: Command): LoadedModule[] {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-bench-modules-"));
  const report = path.join(dir, "modules.json");
  try {
    timeCommand({
      ...command,
      args: ["--import", LOADED_MODULES_PRELOAD, ...command.args],
      env: { ...process.env, SCHEMATIC_BENCH_MODULES_FILE: report },
    });
    const modules = JSON.parse(readFileSync(report, "utf8")) as { path: string; bytes: number }[];
    return modules
      .map(({ path: file, bytes }) => {
        const at = file.lastIndexOf("/node_modules/");
        const module = at >= 0 ? file.slice(at + "/node_modules/".length) : file;
        const parts = module.split("/");
        const packageName =
          at < 0 ? "(not a package)" : module.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
        return { module, packageName, bytes };
      })
      .sort((a, b) => b.bytes - a.bytes || a.module.localeCompare(b.module));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sum of module sizes per package. */
export function bytesByPackage(
  modules: readonly LoadedModule[],
): { readonly name: string; readonly bytes: number }[] {
  const totals = new Map<string, number>();
  for (const { packageName, bytes } of modules)
    totals.set(packageName, (totals.get(packageName) ?? 0) + bytes);
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

interface ImportEdge {
  readonly target: string;
  readonly dynamic: boolean;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s(?:[^;'"()]*?\sfrom\s*)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, "utf8");
  const resolve = (specifier: string): string =>
    specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : specifier;
  return [
    ...[...text.matchAll(STATIC_IMPORT)].map((match) => ({ target: resolve(match[1]!), dynamic: false })),
    ...[...text.matchAll(DYNAMIC_IMPORT)].map((match) => ({ target: resolve(match[1]!), dynamic: true })),
  ];
}

export interface ImportChain {
  /** Files from the entry to the package, relative to the project; the last entry is the package. */
  readonly chain: readonly string[];
  /** How many links of the chain are `await import()` (0: every run of the entry loads the package). */
  readonly dynamicLinks: number;
}

/**
 * The import chain from a built entry file to a package, preferring static links (a 0-1 breadth-first
 * search: a static import costs 0, a dynamic one 1), so the chain shown is the one that always loads it.
 */
export function importChain(root: string, entry: string, packageName: string): ImportChain | undefined {
  const start = path.join(root, entry);
  const cost = new Map<string, number>([[start, 0]]);
  const previous = new Map<string, string>();
  const deque: string[] = [start];
  const isTarget = (target: string) => target === packageName || target.startsWith(`${packageName}/`);
  let found: string | undefined;
  while (deque.length > 0) {
    const file = deque.shift()!;
    if (isTarget(file)) {
      found = file;
      break;
    }
    if (!path.isAbsolute(file) || !file.endsWith(".js")) continue;
    let edges: ImportEdge[];
    try {
      edges = importsOf(file);
    } catch {
      continue;
    }
    for (const edge of edges) {
      if (!path.isAbsolute(edge.target) && !isTarget(edge.target)) continue;
      const next = cost.get(file)! + (edge.dynamic ? 1 : 0);
      if (next >= (cost.get(edge.target) ?? Number.POSITIVE_INFINITY)) continue;
      cost.set(edge.target, next);
      previous.set(edge.target, file);
      if (edge.dynamic) deque.push(edge.target);
      else deque.unshift(edge.target);
    }
  }
  if (found === undefined) return undefined;
  const chain: string[] = [];
  for (let at: string | undefined = found; at !== undefined; at = previous.get(at)) {
    chain.unshift(path.isAbsolute(at) ? path.relative(root, at) : at);
  }
  return { chain, dynamicLinks: cost.get(found)! };
}

/** Runs a Node command under `--cpu-prof` and summarises the profile. */
export function profileCommand(
  command: Command,
  root: string,
  limit = 12,
): ProfileSummary & { readonly wallMs: number } {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-bench-prof-"));
  try {
    const run = timeCommand({ ...command, args: ["--cpu-prof", "--cpu-prof-dir", dir, ...command.args] });
    if (run.exitCode !== 0 && run.exitCode !== 1) {
      throw new Error(`profiled run exited ${run.exitCode}:\n${run.stderr.slice(0, 1000)}`);
    }
    const profile = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    if (!profile) throw new Error("node --cpu-prof wrote no profile");
    return { ...summarizeCpuProfile(path.join(dir, profile), root, limit), wallMs: run.wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
