/**
 * Part 2 of the benchmark: `schematic check` against a real dbt project scaled to about 1,000 and
 * 10,000 models, with wall time and peak memory of the process.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Command, type Run, type Stats, statsOf, timeCommandWithMemory } from "./process-timing.js";
import {
  type JsonObject,
  type ScaledCounts,
  writeScaledCatalog,
  writeScaledManifest,
} from "./scale-manifest.js";
import { baselineMigration, type DropTarget, dropColumnMigration, sourceTables } from "./scale-migrations.js";

export interface ScaleScenario {
  readonly label: string;
  readonly copies: number;
  readonly sharedSources: boolean;
  readonly drops: readonly DropTarget[];
  /** Whether this row is held to the targets (10k models: 3 s, 1.5 GB). */
  readonly target: boolean;
  /** Run with --cache after one unmeasured run that fills it (what a pre-commit hook or CI cache sees). */
  readonly cached?: boolean;
}

export interface ScaledProjectFiles {
  readonly dir: string;
  readonly manifest: string;
  readonly catalog: string;
  readonly manifestBytes: number;
  readonly catalogBytes: number;
  readonly counts: ScaledCounts;
  readonly generateMs: number;
}

export interface ScaleResult {
  readonly label: string;
  readonly copies: number;
  readonly sharedSources: boolean;
  readonly project: Omit<ScaledProjectFiles, "dir" | "manifest" | "catalog">;
  readonly baselineTables: number;
  readonly pendingStatements: number;
  readonly exitCode: number;
  readonly stats: Stats;
  /** Largest peak RSS over the runs, MiB. */
  readonly peakRssMiB?: number;
  readonly peakRssMedianMiB?: number;
  /** Distinct dbt nodes the findings name, by kind. */
  readonly impacted: Readonly<Record<string, number>>;
  readonly diagnostics: number;
  readonly target: boolean;
}

/** Writes the scaled manifest and catalog once per (copies, sharedSources). */
export function generateScaledProject(
  manifest: JsonObject,
  catalog: JsonObject,
  scenario: Pick<ScaleScenario, "copies" | "sharedSources">,
  scratch: string,
): ScaledProjectFiles {
  const dir = path.join(
    scratch,
    `project-x${scenario.copies}${scenario.sharedSources ? "-shared-sources" : ""}`,
  );
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const manifestFile = path.join(dir, "manifest.json");
  const catalogFile = path.join(dir, "catalog.json");
  const counts = writeScaledManifest(manifest, scenario, manifestFile);
  writeScaledCatalog(manifest, catalog, scenario, catalogFile);
  return {
    dir,
    manifest: manifestFile,
    catalog: catalogFile,
    manifestBytes: readFileSync(manifestFile).byteLength,
    catalogBytes: readFileSync(catalogFile).byteLength,
    counts,
    generateMs: performance.now() - started,
  };
}

interface CheckJson {
  readonly diagnostics: readonly {
    readonly impacts: readonly { readonly unique_id: string; readonly kind: string }[];
  }[];
}

function impactedByKind(report: CheckJson): Record<string, number> {
  const byKind = new Map<string, Set<string>>();
  for (const diagnostic of report.diagnostics) {
    for (const impact of diagnostic.impacts) {
      const ids = byKind.get(impact.kind) ?? new Set<string>();
      ids.add(impact.unique_id);
      byKind.set(impact.kind, ids);
    }
  }
  return Object.fromEntries(
    [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, ids]) => [kind, ids.size]),
  );
}

export interface ScenarioFiles {
  readonly migrations: string;
  readonly pending: string;
  readonly baselineTables: number;
}

export function writeScenarioMigrations(
  manifest: JsonObject,
  catalog: JsonObject,
  scenario: ScaleScenario,
  project: ScaledProjectFiles,
  name: string,
): ScenarioFiles {
  const migrations = path.join(project.dir, `migrations-${name}`);
  mkdirSync(migrations, { recursive: true });
  const tables = sourceTables(manifest, catalog, scenario);
  writeFileSync(path.join(migrations, "0001_baseline.sql"), baselineMigration(tables));
  const pending = path.join(migrations, "0002_drop_columns.sql");
  writeFileSync(pending, dropColumnMigration(scenario.drops));
  return { migrations, pending, baselineTables: tables.length };
}

export function checkCommand(
  root: string,
  project: ScaledProjectFiles,
  files: ScenarioFiles,
  cached = false,
): Command {
  const cache = cached ? ["--cache", "--cache-dir", path.join(project.dir, ".schematic-cache")] : [];
  return {
    file: process.execPath,
    args: [
      path.join(root, "bin/schematic.js"),
      "check",
      "--dialect",
      "postgres",
      "--migrations",
      files.migrations,
      "--manifest",
      project.manifest,
      "--pending",
      files.pending,
      "--format",
      "json",
      ...cache,
    ],
    cwd: project.dir,
  };
}

export function runScenario(
  root: string,
  scenario: ScaleScenario,
  project: ScaledProjectFiles,
  files: ScenarioFiles,
  runs: number,
): ScaleResult {
  const command = checkCommand(root, project, files, scenario.cached);
  if (scenario.cached) timeCommandWithMemory(command); // fills the cache; not measured
  const measured: Run[] = [];
  for (let round = 0; round < runs; round++) measured.push(timeCommandWithMemory(command));
  const first = measured[0]!;
  for (const run of measured) {
    if (run.exitCode !== 0 && run.exitCode !== 1) {
      throw new Error(
        `schematic check (${scenario.label}) exited ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`,
      );
    }
  }
  const report = JSON.parse(first.stdout) as CheckJson;
  const peaks = measured.map((run) => run.peakRssMiB).filter((value): value is number => value !== undefined);
  const sortedPeaks = [...peaks].sort((a, b) => a - b);
  const { dir: _dir, manifest: _manifest, catalog: _catalog, ...projectNumbers } = project;
  return {
    label: scenario.label,
    copies: scenario.copies,
    sharedSources: scenario.sharedSources,
    project: projectNumbers,
    baselineTables: files.baselineTables,
    pendingStatements: scenario.drops.length,
    exitCode: first.exitCode,
    stats: statsOf(measured),
    ...(peaks.length > 0 && {
      peakRssMiB: sortedPeaks.at(-1)!,
      peakRssMedianMiB: sortedPeaks[Math.floor(sortedPeaks.length / 2)]!,
    }),
    impacted: impactedByKind(report),
    diagnostics: report.diagnostics.length,
    target: scenario.target,
  };
}

/**
 * The floor under any JSON.parse-based reader: a Node process that only reads and parses the scaled
 * manifest and catalog (wall time and peak memory).
 */
export function jsonParseFloor(
  project: ScaledProjectFiles,
  runs: number,
): { stats: Stats; peakRssMiB?: number } {
  const code =
    'const fs = require("node:fs"); for (const f of process.argv.slice(1)) JSON.parse(fs.readFileSync(f, "utf8"));';
  const command: Command = {
    file: process.execPath,
    args: ["-e", code, project.manifest, project.catalog],
    cwd: project.dir,
  };
  const measured: Run[] = [];
  for (let round = 0; round < runs; round++) measured.push(timeCommandWithMemory(command));
  for (const run of measured)
    if (run.exitCode !== 0) throw new Error(`JSON.parse floor exited ${run.exitCode}: ${run.stderr}`);
  const peaks = measured.map((run) => run.peakRssMiB).filter((value): value is number => value !== undefined);
  return { stats: statsOf(measured), ...(peaks.length > 0 && { peakRssMiB: Math.max(...peaks) }) };
}
