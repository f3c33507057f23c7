/**
 * `npm run bench`: numbers that say whether Schematic is fast, measured on real inputs.
 *
 *   1. `schematic check` against squawk on the same PostgreSQL migration files (real corpora), both run
 *      as the user runs them, interleaved in the same run; where Schematic's time goes when it is slower.
 *   2. `schematic check` against a real dbt manifest scaled to ~1k and ~10k models: wall time and peak
 *      memory against the targets (10k models: under 3 s and 1.5 GB), and a profile when over.
 *   3. `schematic migrate` (bench/migrate-bench.ts): crates.io's migrations to a fresh PostgreSQL database
 *      against dbmate and `psql -1 -f` (target ≤ 1.1× psql), nothing to apply against `node -e ''` (≤ 2×),
 *      the bundled example's first run on a fresh embedded database (≤ 3 s). Needs SCHEMATIC_TEST_PG_URL.
 *
 * Prints a report and writes bench/.out/bench.json. Needs no network. The corpora sit beside the project
 * (../shared/corpora); SCHEMATIC_CORPORA overrides. Options: --only squawk|scale|migrate, --runs N
 * (parts 1 and 3, default 5), --scale-runs N (part 2, default 3), --keep (keep the temporary folders).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { HotSpot, ProfileSummary } from "./cpu-profile.js";
import {
  type ApplyPart,
  applyPart,
  type EmbeddedPart,
  embeddedPart,
  type MigrateBenchEnvironment,
  type NothingPart,
  nothingPart,
  TARGETS,
} from "./migrate-bench.js";
import { formatMs, memoryMethod, type Stats } from "./process-timing.js";
import {
  checkCommand,
  generateScaledProject,
  jsonParseFloor,
  runScenario,
  type ScaledProjectFiles,
  type ScaleResult,
  type ScaleScenario,
  writeScenarioMigrations,
} from "./scale-bench.js";
import type { JsonObject } from "./scale-manifest.js";
import { type DropTarget, dropTargets } from "./scale-migrations.js";
import {
  type ComparisonEnvironment,
  type ComparisonRow,
  compareOn,
  POSTGRES_CORPORA,
  type StagedCorpus,
  settleParsableSubset,
  stageCorpus,
} from "./squawk-comparison.js";
import {
  bytesByPackage,
  type ImportChain,
  importChain,
  type LoadedModule,
  loadedModules,
  measureStartup,
  profileCommand,
  type StartupRow,
} from "./startup-cost.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_FILE = path.join(ROOT, "bench/.out/bench.json");
/** The whole bench must stay under 10 minutes; later steps are skipped (and say so) past this. */
const BUDGET_MS = 9 * 60 * 1000;
const TARGET_10K = { wallMs: 3000, rssMiB: 1536 };
const THORCHAIN = "dbt-flipside-large/thorchain_models/v6";

interface Options {
  readonly only?: "squawk" | "scale" | "migrate";
  readonly runs: number;
  readonly scaleRuns: number;
  readonly keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const only = value("--only");
  if (only !== undefined && only !== "squawk" && only !== "scale" && only !== "migrate")
    throw new Error("--only takes squawk, scale or migrate");
  const count = (flag: string, fallback: number) => {
    const raw = value(flag);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} takes a positive whole number`);
    return parsed;
  };
  return {
    ...(only && { only }),
    runs: count("--runs", 5),
    scaleRuns: count("--scale-runs", 3),
    keep: argv.includes("--keep"),
  };
}

const started = performance.now();
const elapsed = () => performance.now() - started;
const log = (line = "") => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`  … ${line} (${formatMs(elapsed())} elapsed)\n`);

function table(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) =>
    row
      .map((cell, column) =>
        rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join("  ")
      .trimEnd(),
  );
}

const medMin = (stats: Stats) => `${formatMs(stats.medianMs)} / ${formatMs(stats.minMs)}`;
const mib = (value: number | undefined) => (value === undefined ? "n/a" : `${Math.round(value)} MiB`);
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ratio = (value: number) => `${value.toFixed(1)}×`;

function build(): { ok: boolean; ms: number; output: string } {
  const begin = performance.now();
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  return { ok: result.status === 0, ms: performance.now() - begin, output };
}

// ---------------------------------------------------------------------------------------------------
// Part 1: Schematic vs squawk

interface SquawkPart {
  readonly corpora: readonly ComparisonRow[];
  readonly overall?: ComparisonRow;
  readonly skipped: readonly string[];
  readonly diagnosis?: {
    readonly startup: readonly StartupRow[];
    readonly packages: readonly { readonly name: string; readonly bytes: number }[];
    /** node-sql-parser files the check loaded (the full build costs ~0.25 s to import). */
    readonly nodeSqlParserLoaded: readonly LoadedModule[];
    readonly nodeSqlParserChain?: ImportChain;
    readonly profile: ProfileSummary & { readonly wallMs: number };
    readonly fixedCostMs: number;
  };
}

async function squawkPart(corporaRoot: string, options: Options): Promise<SquawkPart | undefined> {
  if (!existsSync(corporaRoot)) {
    log(`Part 1 skipped: no corpora at ${corporaRoot} (set SCHEMATIC_CORPORA to their folder).`);
    return undefined;
  }
  const stagingRoot = mkdtempSync(path.join(tmpdir(), "schematic-bench-corpora-"));
  const env: ComparisonEnvironment = { root: ROOT, corporaRoot, stagingRoot, runs: options.runs };
  try {
    const staged: StagedCorpus[] = [];
    const skipped: string[] = [];
    for (const spec of POSTGRES_CORPORA) {
      const corpus = stageCorpus(spec, corporaRoot, stagingRoot);
      if (!corpus) {
        skipped.push(`${spec.name}: ${spec.dir} is not in the corpora`);
        continue;
      }
      staged.push(await settleParsableSubset(env, corpus));
    }
    const rows: ComparisonRow[] = [];
    for (const corpus of staged) {
      progress(`timing ${corpus.name}`);
      rows.push(compareOn(env, corpus.name, corpus.folder, corpus.files, corpus.excluded));
    }
    if (staged.length === 0) return { corpora: [], skipped };
    progress("timing all corpora in one invocation");
    const allFiles = staged.flatMap((corpus) => corpus.files);
    const overall = compareOn(
      env,
      "all corpora",
      ".",
      allFiles,
      staged.flatMap((corpus) => corpus.excluded),
    );
    if (overall.files !== allFiles.length) {
      throw new Error(
        `check read ${overall.files} files of all corpora, squawk ${allFiles.length}: not the same files`,
      );
    }
    if (overall.ratio <= 1) return { corpora: rows, overall, skipped };

    progress("Schematic is slower: measuring startup, loaded packages and a CPU profile");
    const startup = measureStartup(ROOT, options.runs);
    const overallCommand = {
      file: process.execPath,
      args: [
        path.join(ROOT, "bin/schematic.js"),
        "check",
        "--dialect",
        "postgres",
        "--migrations",
        ".",
        "--format",
        "json",
      ],
      cwd: stagingRoot,
    };
    const modules = loadedModules(overallCommand);
    const packages = bytesByPackage(modules);
    const nodeSqlParserLoaded = modules.filter((module) => module.packageName === "node-sql-parser");
    const chain = importChain(ROOT, "dist/src/cli/check-command.js", "node-sql-parser");
    const profile = profileCommand(overallCommand, ROOT);
    const fixedCostMs = startup.find((row) => row.label.startsWith("schematic check, empty"))!.stats.medianMs;
    return {
      corpora: rows,
      overall,
      skipped,
      diagnosis: {
        startup,
        packages,
        nodeSqlParserLoaded,
        ...(chain && { nodeSqlParserChain: chain }),
        profile,
        fixedCostMs,
      },
    };
  } finally {
    if (options.keep) log(`(kept the staged corpora in ${stagingRoot})`);
    else rmSync(stagingRoot, { recursive: true, force: true });
  }
}

function printHotSpots(title: string, spots: readonly HotSpot[], limit: number): void {
  log(`    ${title}:`);
  for (const line of table(
    spots
      .slice(0, limit)
      .map((spot) => [`${Math.round(spot.ms)} ms`, `${spot.percent.toFixed(1)}%`, spot.where]),
    [true, true, false],
  )) {
    log(`      ${line}`);
  }
}

function printProfile(profile: ProfileSummary & { readonly wallMs: number }, limit = 10): void {
  log(
    `  CPU profile (node --cpu-prof; ${formatMs(profile.totalMs)} sampled, run took ${formatMs(profile.wallMs)} under the profiler):`,
  );
  printHotSpots("functions by self time", profile.selfTime, limit);
  printHotSpots(
    "files by inclusive time (time while any of the file's functions is on the stack)",
    profile.fileTime,
    limit,
  );
  printHotSpots("functions by inclusive time", profile.inclusiveTime, limit);
}

function printSquawkPart(part: SquawkPart, options: Options): void {
  log(
    `1. schematic check vs squawk on the same PostgreSQL files (${options.runs} runs each, interleaved; median / min)`,
  );
  const rows = [...part.corpora, ...(part.overall ? [part.overall] : [])];
  const header = ["corpus", "files", "statements", "schematic", "squawk", "ratio", "squawk binary", "ratio"];
  log(
    table(
      [
        header,
        ...rows.map((row) => [
          row.name,
          String(row.files),
          String(row.statements),
          medMin(row.schematic.stats),
          medMin(row.squawk.stats),
          ratio(row.ratio),
          row.squawkNative ? medMin(row.squawkNative.stats) : "n/a",
          row.ratioNative === undefined ? "n/a" : ratio(row.ratioNative),
        ]),
      ],
      [false, true, true, true, true, true, true, true],
    )
      .map((line) => `  ${line}`)
      .join("\n"),
  );
  log("  ratio = schematic median / squawk median (above 1: Schematic is slower).");
  log("  squawk = node_modules/.bin/squawk as users run it (a Node launcher that starts the binary);");
  log("  squawk binary = the platform binary alone. statements = what check parsed.");
  for (const row of part.corpora) {
    if (row.excluded.length === 0) continue;
    log(
      `  ${row.name}: ${row.excluded.length} file(s) left out, for both tools: check stops with exit 2 on them`,
    );
    log("    (PostgreSQL's own parser, libpg-query 18, rejects them); the row is the subset that parses:");
    for (const entry of row.excluded) log(`      ${entry.file}: ${entry.error}`);
  }
  log("  What each tool found (context, not timed separately):");
  for (const row of rows) {
    const s = row.schematicSummary;
    log(
      `    ${row.name}: schematic ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos; squawk: ${row.squawkSummary}`,
    );
  }
  for (const line of part.skipped) log(`  skipped ${line}`);

  const diagnosis = part.diagnosis;
  if (!diagnosis || !part.overall) return;
  log();
  log("  Where Schematic's time goes (it is slower than squawk):");
  log(
    table(
      [
        ["step", "median", "min", "over bare node"],
        ...diagnosis.startup.map((row) => [
          row.label,
          formatMs(row.stats.medianMs),
          formatMs(row.stats.minMs),
          row.overNodeMs === undefined ? "" : `+${formatMs(row.overNodeMs)}`,
        ]),
      ],
      [false, true, true, true],
    )
      .map((line) => `    ${line}`)
      .join("\n"),
  );
  const overall = part.overall;
  const perFileMs = overall.schematic.stats.medianMs - diagnosis.fixedCostMs;
  log(
    `    Fixed cost: check on an empty folder takes ${formatMs(diagnosis.fixedCostMs)}; of the ${formatMs(overall.schematic.stats.medianMs)} on all corpora,` +
      ` ${formatMs(Math.max(0, perFileMs))} is the work on ${overall.files} files / ${overall.statements} statements` +
      ` (${((1000 * Math.max(0, perFileMs)) / Math.max(1, overall.statements)).toFixed(0)} µs per statement).`,
  );
  log(
    `    squawk does all of it in ${formatMs(overall.squawk.stats.medianMs)} (binary alone: ${overall.squawkNative ? formatMs(overall.squawkNative.stats.medianMs) : "n/a"}).`,
  );
  log(
    `    Packages a check loads (CommonJS bytes compiled): ${diagnosis.packages
      .filter((entry) => entry.name !== "(not a package)")
      .slice(0, 6)
      .map((entry) => `${entry.name} ${megabytes(entry.bytes)}`)
      .join(", ")}.`,
  );
  const chain = diagnosis.nodeSqlParserChain;
  const chainText = chain ? chain.chain.join(" → ") : "no import chain from dist/src/cli/check-command.js";
  if (diagnosis.nodeSqlParserLoaded.length > 0) {
    const files = diagnosis.nodeSqlParserLoaded.map(
      (module) => `${module.module} (${megabytes(module.bytes)})`,
    );
    log(`    This check loads node-sql-parser: ${files.join(", ")}, through`);
    log(
      `      ${chainText}${chain && chain.dynamicLinks > 0 ? ` (${chain.dynamicLinks} dynamic import(s) on the way)` : ""}`,
    );
  } else {
    log("    This check does not load node-sql-parser (a PostgreSQL check without dbt has no use for it);");
    log(
      `      the nearest import chain to it: ${chainText}${chain ? ` (${chain.dynamicLinks} dynamic import(s), not taken)` : ""}.`,
    );
  }
  printProfile(diagnosis.profile);
}

// ---------------------------------------------------------------------------------------------------
// Part 2: scale

interface ScalePart {
  readonly base: { readonly models: number; readonly tests: number; readonly sources: number };
  readonly drop: DropTarget;
  readonly everySourceDrops: number;
  readonly results: readonly ScaleResult[];
  readonly floor?: {
    readonly stats: Stats;
    readonly peakRssMiB?: number;
    readonly manifestBytes: number;
    readonly catalogBytes: number;
  };
  readonly profiles: readonly {
    readonly label: string;
    readonly profile: ProfileSummary & { readonly wallMs: number };
  }[];
  readonly skipped: readonly string[];
}

function countResources(manifest: JsonObject): { models: number; tests: number; sources: number } {
  const nodes = Object.values((manifest.nodes ?? {}) as Record<string, { resource_type?: string }>);
  return {
    models: nodes.filter((node) => node.resource_type === "model").length,
    tests: nodes.filter((node) => node.resource_type === "test").length,
    sources: Object.keys((manifest.sources ?? {}) as object).length,
  };
}

async function scalePart(corporaRoot: string, options: Options): Promise<ScalePart | undefined> {
  const dir = path.join(corporaRoot, THORCHAIN);
  if (!existsSync(path.join(dir, "manifest.json")) || !existsSync(path.join(dir, "catalog.json"))) {
    log(`Part 2 skipped: no ${THORCHAIN}/manifest.json and catalog.json under ${corporaRoot}.`);
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as JsonObject;
  const catalog = JSON.parse(readFileSync(path.join(dir, "catalog.json"), "utf8")) as JsonObject;
  const base = countResources(manifest);
  const targets = dropTargets(manifest, catalog);
  const drop = targets[0]!;
  const copiesFor = (models: number) => Math.max(1, Math.round(models / base.models));
  const scenarios: ScaleScenario[] = [
    { label: "original (×1)", copies: 1, sharedSources: false, drops: [drop], target: false },
    {
      label: `≈1k models (×${copiesFor(1000)})`,
      copies: copiesFor(1000),
      sharedSources: false,
      drops: [drop],
      target: false,
    },
    {
      label: `≈10k models (×${copiesFor(10000)})`,
      copies: copiesFor(10000),
      sharedSources: false,
      drops: [drop],
      target: true,
    },
    {
      label: `≈10k models (×${copiesFor(10000)}), --cache warm`,
      copies: copiesFor(10000),
      sharedSources: false,
      drops: [drop],
      target: true,
      cached: true,
    },
    {
      label: `≈10k worst case: copies share copy 0's sources (×${copiesFor(10000)})`,
      copies: copiesFor(10000),
      sharedSources: true,
      drops: [drop],
      target: true,
    },
    {
      label: `≈10k worst case, a column dropped in each of the ${targets.length} sources`,
      copies: copiesFor(10000),
      sharedSources: true,
      drops: targets,
      target: true,
    },
  ];
  const scratch = mkdtempSync(path.join(tmpdir(), "schematic-bench-scale-"));
  const projects = new Map<string, ScaledProjectFiles>();
  const results: ScaleResult[] = [];
  const profiles: { label: string; profile: ProfileSummary & { wallMs: number } }[] = [];
  const skipped: string[] = [];
  let floor: ScalePart["floor"];
  try {
    for (const [index, scenario] of scenarios.entries()) {
      if (elapsed() > BUDGET_MS) {
        skipped.push(`${scenario.label}: the bench is past its time budget`);
        continue;
      }
      const key = `${scenario.copies}-${scenario.sharedSources}`;
      if (!projects.has(key)) {
        progress(
          `writing the manifest and catalog ×${scenario.copies}${scenario.sharedSources ? " (shared sources)" : ""}`,
        );
        projects.set(key, generateScaledProject(manifest, catalog, scenario, scratch));
      }
      const project = projects.get(key)!;
      const files = writeScenarioMigrations(manifest, catalog, scenario, project, String(index));
      progress(`timing ${scenario.label}`);
      const result = runScenario(ROOT, scenario, project, files, options.scaleRuns);
      results.push(result);
      const over = result.stats.medianMs > TARGET_10K.wallMs || (result.peakRssMiB ?? 0) > TARGET_10K.rssMiB;
      if (scenario.target && over && elapsed() < BUDGET_MS) {
        if (!floor && !scenario.sharedSources) {
          progress("measuring the JSON.parse floor of the 10k artifacts");
          floor = {
            ...jsonParseFloor(project, options.scaleRuns),
            manifestBytes: project.manifestBytes,
            catalogBytes: project.catalogBytes,
          };
        }
        progress(`profiling ${scenario.label}`);
        profiles.push({
          label: scenario.label,
          profile: profileCommand(checkCommand(ROOT, project, files), ROOT),
        });
      }
    }
  } finally {
    if (options.keep) log(`(kept the scaled projects in ${scratch})`);
    else rmSync(scratch, { recursive: true, force: true });
  }
  return {
    base,
    drop,
    everySourceDrops: targets.length,
    results,
    ...(floor && { floor }),
    profiles,
    skipped,
  };
}

function printScalePart(part: ScalePart, options: Options): void {
  log(
    `2. Scale: thorchain_models (snowflake; ${part.base.models} models, ${part.base.tests} tests, ${part.base.sources} sources) in k independent copies (${options.scaleRuns} runs each; median / min)`,
  );
  log(
    `  Baseline migration: CREATE TABLE for every copy's sources (columns from catalog.json); pending: ALTER TABLE ${part.drop.schema}.${part.drop.table} DROP COLUMN ${part.drop.column}`,
  );
  log(
    `  (the source with the most downstream models in copy 0: ${part.drop.downstreamModels}; ${part.drop.column} is named by ${part.drop.directReaders} of its direct child model(s)). Memory: ${memoryMethod()}.`,
  );
  log(
    table(
      [
        [
          "scenario",
          "models",
          "tests",
          "manifest",
          "catalog",
          "check wall",
          "peak RSS",
          "impacted models / tests",
          "3 s",
          "1.5 GB",
        ],
        ...part.results.map((result) => {
          const overTime = result.stats.medianMs > TARGET_10K.wallMs;
          const overMemory = (result.peakRssMiB ?? 0) > TARGET_10K.rssMiB;
          return [
            result.label,
            String(result.project.counts.models),
            String(result.project.counts.tests),
            megabytes(result.project.manifestBytes),
            megabytes(result.project.catalogBytes),
            medMin(result.stats),
            mib(result.peakRssMiB),
            `${result.impacted.model ?? 0} / ${result.impacted.test ?? 0}`,
            result.target ? (overTime ? "OVER" : "ok") : "",
            result.target ? (overMemory ? "OVER" : "ok") : "",
          ];
        }),
      ],
      [false, true, true, true, true, true, true, true, false, false],
    )
      .map((line) => `  ${line}`)
      .join("\n"),
  );
  log("  Targets for the 10k rows: median under 3 s, peak RSS under 1.5 GB (taken as 1536 MiB).");
  log("  peak RSS = the largest over the runs. Copies are independent: the same change impacts the same");
  log("  models at every scale unless the copies share copy 0's sources (worst case).");
  if (part.floor) {
    log(
      `  Floor: a Node process that only reads and JSON.parses the ≈10k manifest (${megabytes(part.floor.manifestBytes)}) and catalog (${megabytes(part.floor.catalogBytes)}) takes ${medMin(part.floor.stats)} and ${mib(part.floor.peakRssMiB)}.`,
    );
  }
  for (const line of part.skipped) log(`  skipped ${line}`);
  for (const { label, profile } of part.profiles) {
    log();
    log(`  Over target: ${label}.`);
    printProfile(profile);
  }
}

// ---------------------------------------------------------------------------------------------------
// Part 3: schematic migrate

interface MigratePart {
  readonly apply?: ApplyPart;
  readonly nothing?: NothingPart;
  readonly embedded?: EmbeddedPart;
  readonly skipped: readonly string[];
}

function migratePart(corporaRoot: string, options: Options): MigratePart {
  const serverUrl = process.env.SCHEMATIC_TEST_PG_URL;
  const skipped: string[] = [];
  const stagingRoot = mkdtempSync(path.join(tmpdir(), "schematic-bench-migrate-"));
  const env: MigrateBenchEnvironment = {
    root: ROOT,
    corporaRoot,
    stagingRoot,
    serverUrl: serverUrl ?? "",
    runs: options.runs,
    progress,
  };
  try {
    let apply: ApplyPart | undefined;
    let nothing: NothingPart | undefined;
    if (!serverUrl) skipped.push("crates.io apply and nothing-to-apply: SCHEMATIC_TEST_PG_URL is not set");
    else if (!existsSync(path.join(corporaRoot, "pg-crates-io")))
      skipped.push(`crates.io apply and nothing-to-apply: no pg-crates-io in ${corporaRoot}`);
    else {
      apply = applyPart(env);
      nothing = nothingPart(env);
    }
    const embedded = embeddedPart(env);
    return { ...(apply && { apply }), ...(nothing && { nothing }), embedded, skipped };
  } finally {
    if (options.keep) log(`(kept the migrate bench's files in ${stagingRoot})`);
    else rmSync(stagingRoot, { recursive: true, force: true });
  }
}

function printMigratePart(part: MigratePart): void {
  const verdict = (ok: boolean) => (ok ? "meets the target" : "MISSES the target");
  log("3. schematic migrate (each tool as a process, interleaved, median / min of the runs)");
  for (const reason of part.skipped) log(`  skipped: ${reason}`);
  const { apply, nothing, embedded } = part;
  if (apply) {
    log(
      `  a. crates.io, ${apply.migrations} migrations${apply.statements ? ` (${apply.statements} statements)` : ""} to a fresh PostgreSQL database:`,
    );
    const rows = [
      ["tool", "median", "min", "ratio to psql"],
      ...apply.rows.map((row) => [
        row.tool,
        formatMs(row.medianMs),
        formatMs(row.minMs),
        row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`,
      ]),
    ];
    for (const line of table(rows, [false, true, true, true])) log(`     ${line}`);
    for (const reason of apply.skipped) log(`     skipped: ${reason}`);
    const cli = apply.rows.find((row) => row.tool === "schematic migrate up");
    if (cli?.ratio !== undefined)
      log(
        `     schematic migrate up / psql -1: ${cli.ratio.toFixed(2)}× (target ≤ ${TARGETS.applyRatio}×: ${verdict(cli.ratio <= TARGETS.applyRatio)})`,
      );
    if (apply.phases)
      log(
        `     the runner's median run, ms per phase: ${Object.entries(apply.phases)
          .map(([phase, ms]) => `${phase} ${ms}`)
          .join(", ")}`,
      );
    log(
      "     runner: per-statement = a round trip per statement and a commit that waits for the disk per migration;",
    );
    log(
      "     batch = a migration's statements in one round trip; relaxed = commits but the run's last do not wait.",
    );
  }
  if (nothing) {
    log(
      `  b. nothing to apply (crates.io, all applied): schematic migrate up ${medMin(nothing.schematic)}, node -e '' ${medMin(nothing.node)}: ${nothing.ratio.toFixed(2)}× (target ≤ ${TARGETS.nothingRatio}×: ${verdict(nothing.ratio <= TARGETS.nothingRatio)})`,
    );
  }
  if (embedded) {
    log(
      `  c. first migrate up of the bundled example (${embedded.migrations} migrations) on a fresh embedded database: ${medMin(embedded.first)} (target ≤ ${formatMs(TARGETS.embeddedMs)}: ${verdict(embedded.first.medianMs <= TARGETS.embeddedMs)})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const corporaRoot = process.env.SCHEMATIC_CORPORA ?? path.resolve(ROOT, "../shared/corpora");
  const environment = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    corporaRoot,
  };
  log(
    `Schematic benchmark: node ${environment.node}, ${environment.platform}, ${environment.cpus} CPUs (${environment.cpuModel}), load average ${environment.loadAverageAtStart.join(" / ")} at start`,
  );
  const built = build();
  if (!built.ok && !existsSync(path.join(ROOT, "dist/src/cli/main.js"))) {
    throw new Error(`npm run build failed and there is no built CLI:\n${built.output}`);
  }
  log(
    built.ok
      ? `npm run build: ok (${formatMs(built.ms)})`
      : `npm run build reported errors (${formatMs(built.ms)}); benchmarking the JavaScript tsc emitted anyway:\n${built.output.split("\n").slice(-8).join("\n")}`,
  );
  log();

  const wanted = (part: Options["only"]) => options.only === undefined || options.only === part;
  const squawk = wanted("squawk") ? await squawkPart(corporaRoot, options) : undefined;
  if (squawk) printSquawkPart(squawk, options);
  log();
  const scale = wanted("scale") ? await scalePart(corporaRoot, options) : undefined;
  if (scale) printScalePart(scale, options);
  log();
  const migrate = wanted("migrate") ? migratePart(corporaRoot, options) : undefined;
  if (migrate) printMigratePart(migrate);
  log();
  log(
    `Load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" / ")}. Bench took ${formatMs(elapsed())}.`,
  );

  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(
    OUT_FILE,
    `${JSON.stringify({ environment, build: { ok: built.ok, ms: built.ms }, options, squawk, scale, migrate, loadAverageAtEnd: loadavg(), benchMs: elapsed() }, null, 2)}\n`,
  );
  log(`Wrote ${path.relative(ROOT, OUT_FILE)}.`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
