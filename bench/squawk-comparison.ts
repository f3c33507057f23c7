/**
 * Part 1 of the benchmark: Schematic's `check` and squawk on the same PostgreSQL migration files.
 *
 * Each corpus is staged into a temporary folder (only the up scripts the real loader picks, Go
 * templates rendered), so both tools read exactly the same files. A file PostgreSQL's parser rejects
 * makes `check` stop with exit 2; such files are left out of the staged copy, for both tools, and the
 * report lists them.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseScript } from "../src/check/parse-script.js";
import { createDialect } from "../src/dialects/index.js";
import { loadMigrations } from "../src/migrations/loader.js";
import { type Command, type Run, type Stats, statsOf, timeCommand } from "./process-timing.js";

export interface CorpusSpec {
  /** Folder name in the staged copy, and the label in the report. */
  readonly name: string;
  /** Migrations folder, relative to the corpora root. */
  readonly dir: string;
  /** Which of the loader's files (path relative to `dir`) belong to the PostgreSQL set. */
  readonly include?: (relative: string) => boolean;
  /** Makes a file plain SQL before both tools see it. */
  readonly render?: (text: string) => string;
}

/** supabase/auth renders `{{ index .Options "Namespace" }}` with its schema name before running a file. */
export function renderSupabaseNamespace(text: string): string {
  const rendered = text.replace(/\{\{\s*index\s+\.Options\s+"Namespace"\s*\}\}/g, "auth");
  if (rendered.includes("{{")) throw new Error("supabase/auth: a Go template other than the Namespace one");
  return rendered;
}

export const POSTGRES_CORPORA: readonly CorpusSpec[] = [
  { name: "crates-io", dir: "pg-crates-io/migrations" },
  { name: "supabase-auth", dir: "pg-supabase-auth/migrations", render: renderSupabaseNamespace },
  { name: "authelia", dir: "pg-mysql-authelia/internal/storage/migrations/postgres" },
  // ory/pop also runs dialect-less files on every database; the brief compares the PostgreSQL ones.
  {
    name: "ory-hydra",
    dir: "pg-mysql-ory-hydra/persistence/sql/migrations",
    include: (file) => /\.postgres\./.test(file),
  },
  { name: "pagila", dir: "schema-dumps-sakila-pagila/pagila" },
];

export interface ExcludedFile {
  readonly file: string;
  readonly error: string;
}

export interface StagedCorpus {
  readonly name: string;
  /** The staged folder (relative to the staging root) both tools read. */
  readonly folder: string;
  /** Staged up scripts, relative to the staging root, in the loader's order. */
  readonly files: readonly string[];
  readonly excluded: readonly ExcludedFile[];
}

export interface ToolTiming {
  readonly stats: Stats;
  readonly exitCodes: readonly number[];
}

export interface ComparisonRow {
  readonly name: string;
  readonly files: number;
  readonly statements: number;
  readonly excluded: readonly ExcludedFile[];
  readonly schematic: ToolTiming;
  readonly squawk: ToolTiming;
  /** The squawk binary without its Node launcher, when the platform package is installed. */
  readonly squawkNative?: ToolTiming;
  /** Schematic's findings on the files, and squawk's summary line. */
  readonly schematicSummary: { readonly errors: number; readonly warnings: number; readonly infos: number };
  readonly squawkSummary: string;
  readonly ratio: number;
  readonly ratioNative?: number;
}

export interface ComparisonEnvironment {
  readonly root: string;
  readonly corporaRoot: string;
  readonly stagingRoot: string;
  readonly runs: number;
}

/** The up scripts the loader picks for PostgreSQL, copied (and rendered) under `<stagingRoot>/<name>/`. */
export function stageCorpus(
  spec: CorpusSpec,
  corporaRoot: string,
  stagingRoot: string,
): StagedCorpus | undefined {
  const source = path.join(corporaRoot, spec.dir);
  if (!existsSync(source)) return undefined;
  const target = path.join(stagingRoot, spec.name);
  rmSync(target, { recursive: true, force: true });
  const files: string[] = [];
  for (const migration of loadMigrations(source, { dialect: "postgres", cwd: source })) {
    const relative = path.relative(source, migration.up.absolutePath).split(path.sep).join("/");
    if (spec.include && !spec.include(relative)) continue;
    const destination = path.join(target, relative);
    mkdirSync(path.dirname(destination), { recursive: true });
    if (spec.render) writeFileSync(destination, spec.render(readFileSync(migration.up.absolutePath, "utf8")));
    else copyFileSync(migration.up.absolutePath, destination);
    files.push(`${spec.name}/${relative}`);
  }
  return { name: spec.name, folder: spec.name, files, excluded: [] };
}

/** Files of the staged corpus that `check` would stop on (PostgreSQL's parser rejects them). */
async function unparsableFiles(stagingRoot: string, staged: StagedCorpus): Promise<ExcludedFile[]> {
  const dialect = await createDialect("postgres");
  const excluded: ExcludedFile[] = [];
  for (const file of staged.files) {
    const text = readFileSync(path.join(stagingRoot, file), "utf8");
    const script = parseScript(dialect, file, text, {});
    const error = script.parsed.errors[0];
    if (error) excluded.push({ file, error: error.message });
  }
  return excluded;
}

function schematicCommand(env: ComparisonEnvironment, folder: string): Command {
  return {
    file: process.execPath,
    args: [
      path.join(env.root, "bin/schematic.js"),
      "check",
      "--dialect",
      "postgres",
      "--migrations",
      folder,
      "--format",
      "json",
    ],
    cwd: env.stagingRoot,
  };
}

function squawkCommand(file: string, env: ComparisonEnvironment, files: readonly string[]): Command {
  return { file, args: [...files], cwd: env.stagingRoot };
}

/** The platform binary the `squawk` launcher starts, or undefined when it cannot be found. */
export function squawkNativeBinary(root: string): string | undefined {
  try {
    const require = createRequire(path.join(root, "node_modules/squawk-cli/package.json"));
    const binary = process.platform === "win32" ? "squawk.exe" : "squawk";
    return require.resolve(`@squawk-cli/${process.platform}-${process.arch}/bin/${binary}`);
  } catch {
    return undefined;
  }
}

interface CheckJson {
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
  readonly checked: { readonly migrations: number; readonly statements: number };
}

function checkOutput(run: Run, what: string): CheckJson {
  if (run.exitCode !== 0 && run.exitCode !== 1) {
    throw new Error(`schematic check on ${what} exited ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
  }
  return JSON.parse(run.stdout) as CheckJson;
}

/**
 * Runs `check` once on the staged corpus; when it stops on a parse error (exit 2), leaves out the
 * files PostgreSQL's parser rejects and runs it again. Returns the corpus as both tools will see it.
 */
export async function settleParsableSubset(
  env: ComparisonEnvironment,
  staged: StagedCorpus,
): Promise<StagedCorpus> {
  const probe = timeCommand(schematicCommand(env, staged.folder));
  if (probe.exitCode !== 2) {
    checkOutput(probe, staged.name);
    return staged;
  }
  const excluded = await unparsableFiles(env.stagingRoot, staged);
  if (excluded.length === 0) {
    throw new Error(
      `schematic check on ${staged.name} exited 2, but every file parses:\n${probe.stderr.slice(0, 2000)}`,
    );
  }
  for (const { file } of excluded) rmSync(path.join(env.stagingRoot, file));
  const subset = {
    ...staged,
    files: staged.files.filter((file) => !excluded.some((entry) => entry.file === file)),
    excluded,
  };
  checkOutput(timeCommand(schematicCommand(env, subset.folder)), `${staged.name} (parsable subset)`);
  return subset;
}

/** squawk colours its output even into a pipe. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function squawkSummaryOf(run: Run): string {
  if (run.exitCode > 1) throw new Error(`squawk exited ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
  const text = `${run.stdout}\n${run.stderr}`.replace(ANSI_COLOUR, "");
  return (
    /^Found \d+ issues? in \d+ files? \(checked \d+ source files?\)$/m.exec(text)?.[0] ??
    /^Found 0 issues.*$/m.exec(text)?.[0] ??
    text.trim().split("\n").at(-1) ??
    ""
  );
}

/**
 * Times both tools on one staged folder: `runs` rounds, each running Schematic, squawk, and the squawk
 * binary in turn (interleaved, so a busy machine slows all of them alike), after one untimed warm-up.
 */
export function compareOn(
  env: ComparisonEnvironment,
  label: string,
  folder: string,
  files: readonly string[],
  excluded: readonly ExcludedFile[],
): ComparisonRow {
  const squawkLauncher = path.join(env.root, "node_modules/.bin/squawk");
  const native = squawkNativeBinary(env.root);
  const commands = {
    schematic: schematicCommand(env, folder),
    squawk: squawkCommand(squawkLauncher, env, files),
    ...(native && { native: squawkCommand(native, env, files) }),
  };
  const warmUp = {
    schematic: checkOutput(timeCommand(commands.schematic), label),
    squawk: squawkSummaryOf(timeCommand(commands.squawk)),
  };
  const runs: { schematic: Run[]; squawk: Run[]; native: Run[] } = { schematic: [], squawk: [], native: [] };
  for (let round = 0; round < env.runs; round++) {
    runs.schematic.push(timeCommand(commands.schematic));
    runs.squawk.push(timeCommand(commands.squawk));
    if (commands.native) runs.native.push(timeCommand(commands.native));
  }
  for (const run of runs.schematic) checkOutput(run, label);
  for (const run of [...runs.squawk, ...runs.native]) squawkSummaryOf(run);
  const timing = (list: readonly Run[]): ToolTiming => ({
    stats: statsOf(list),
    exitCodes: list.map((run) => run.exitCode),
  });
  const schematic = timing(runs.schematic);
  const squawk = timing(runs.squawk);
  const squawkNative = runs.native.length > 0 ? timing(runs.native) : undefined;
  return {
    name: label,
    files: warmUp.schematic.checked.migrations,
    statements: warmUp.schematic.checked.statements,
    excluded,
    schematic,
    squawk,
    ...(squawkNative && { squawkNative }),
    schematicSummary: warmUp.schematic.summary,
    squawkSummary: warmUp.squawk,
    ratio: schematic.stats.medianMs / squawk.stats.medianMs,
    ...(squawkNative && { ratioNative: schematic.stats.medianMs / squawkNative.stats.medianMs }),
  };
}
