import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { type CheckResult, runCheck } from "../check/check.js";
import { Timings } from "../check/timings.js";
import { loadConfig, type SchematicConfig } from "../config/config.js";
import type { SettingsInput } from "../config/settings.js";
import { EXIT_BLOCKED, EXIT_OK, SchematicError } from "../errors.js";
import { readRuleDoc } from "../lint/rule-docs.js";
import { redactSecrets } from "../redact.js";
import { formatJson } from "../report/json.js";
import type { RuleDescriptor } from "../report/rule-descriptors.js";
import { formatText } from "../report/text.js";
import { databaseInput } from "./database-options.js";
import { type CliIo, useColor } from "./io.js";
import { VERSION } from "./version.js";

/** The flags that override the configuration, as SettingsInput names them. */
type SettingFlags = Omit<SettingsInput, "cwd" | "config" | "failOn" | "pending">;

export interface CheckCommandOptions extends SettingFlags {
  readonly config?: string;
  readonly pending?: string[];
  /** Positional arguments: files under review, as pre-commit passes them. */
  readonly files?: string[];
  readonly verbose?: boolean;
  readonly showExisting?: boolean;
  readonly format: string;
  readonly output?: string;
  readonly color?: boolean;
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly failOn?: string;
  /** The database whose unapplied migrations are the change under review (--url, --env). */
  readonly url?: string;
  readonly env?: string;
}

export const FORMATS = ["text", "json", "sarif", "github", "markdown"] as const;

export async function checkCommand(options: CheckCommandOptions, io: CliIo): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(options.format)) {
    throw new SchematicError("usage", `Unknown --format ${options.format}.`, {
      hint: `Use one of: ${FORMATS.join(", ")}.`,
    });
  }
  if (options.failOn !== undefined && options.failOn !== "error" && options.failOn !== "warning") {
    throw new SchematicError("usage", `Unknown --fail-on ${options.failOn}.`, {
      hint: "Use error or warning.",
    });
  }
  const { config } = loadConfig(options.config, io.cwd, io.env);
  const verbose = (line: string) => {
    if (options.verbose) io.stderr.write(`schematic: ${line}\n`);
  };
  verbose(config.configPath ? `configuration ${config.configPath}` : "no schematic.yml found: defaults");
  const pending =
    options.url !== undefined || options.env !== undefined
      ? await pendingInDatabase(options, config, io)
      : pendingFiles(options, verbose);
  const timings = io.env.SCHEMATIC_TIMING ? new Timings() : undefined;
  // What is left once the CLI's own options are taken out are the flags that override the configuration,
  // passed as given: runCheck's settings resolver (src/config/settings.ts) merges them with it.
  const {
    config: _file,
    pending: _pending,
    files: _files,
    verbose: _verbose,
    showExisting: _showExisting,
    format: _format,
    output: _output,
    color: _color,
    cache,
    cacheDir,
    failOn,
    url: _url,
    env: _env,
    ...flags
  } = options;
  const result = await runCheck({
    ...flags,
    ...(timings && { timings }),
    cwd: io.cwd,
    config,
    rules: RULES,
    env: io.env,
    ...(failOn && { failOn: failOn as "error" | "warning" }),
    ...(pending && { pending }),
    ...(cache && { cache: true }),
    ...(cacheDir && { cacheDirectory: path.resolve(io.cwd, cacheDir) }),
  });
  for (const file of result.excludedFiles) verbose(`excluded ${file}`);
  const rendered = await render(result, options, io);
  timings?.mark("report");
  if (options.output) {
    const target = path.resolve(io.cwd, options.output);
    try {
      writeFileSync(target, rendered);
    } catch (error) {
      throw new SchematicError("io", `Cannot write ${options.output}: ${(error as Error).message}.`, {
        hint: "Check that its folder exists and is writable.",
      });
    }
    const verdict = result.blocked ? "blocked" : "passed";
    io.stdout.write(
      `schematic: ${verdict} (${result.summary.errors} errors, ${result.summary.warnings} warnings); report written to ${options.output}\n`,
    );
  } else io.stdout.write(rendered);
  if (timings)
    io.stderr.write(
      timings.format(Number(io.env.SCHEMATIC_TIMING) > 1 ? Number(io.env.SCHEMATIC_TIMING) : 10),
    );
  return result.blocked ? EXIT_BLOCKED : EXIT_OK;
}

/** The migrations not applied in the database --url or --env names; stderr says which database. */
async function pendingInDatabase(
  options: CheckCommandOptions,
  config: SchematicConfig,
  io: CliIo,
): Promise<string[]> {
  const { unappliedMigrationFiles } = await import("../migrate/project-database.js");
  const { files, target } = await unappliedMigrationFiles({
    cwd: io.cwd,
    env: io.env,
    config,
    ...databaseInput(options),
  });
  io.stderr.write(
    redactSecrets(
      `schematic: pending: ${files.length} migration${files.length === 1 ? "" : "s"} not applied in ${target}\n`,
    ),
  );
  return files;
}

/**
 * --pending files and positional ones together; undefined when neither was given (the whole history, or
 * --base, decides). A pre-commit hook passes every staged file its pattern matches: those that are not
 * SQL (schematic.yml, a manifest) are ignored, with a word under --verbose.
 */
function pendingFiles(options: CheckCommandOptions, verbose: (line: string) => void): string[] | undefined {
  const positional = options.files ?? [];
  if (!options.pending && positional.length === 0) return undefined;
  const sql = positional.filter((file) => {
    const isSql = /\.sql$/i.test(file);
    if (!isSql) verbose(`ignoring ${file}: not a .sql migration`);
    return isSql;
  });
  return [...(options.pending ?? []), ...sql];
}

async function render(result: CheckResult, options: CheckCommandOptions, io: CliIo): Promise<string> {
  switch (options.format) {
    case "json":
      return formatJson(result);
    case "sarif": {
      const { formatSarif } = await import("../report/sarif.js");
      return formatSarif(result, {
        rules: ruleDescriptors(),
        version: VERSION,
        repoRelative: repoRelative(io),
      });
    }
    case "github":
      return (await import("../report/github.js")).formatGithub(result, { repoRelative: repoRelative(io) });
    case "markdown":
      return (await import("../report/markdown.js")).formatMarkdown(result);
    default:
      return formatText(result, {
        color: options.output ? false : useColor(io, options.color),
        ...(options.showExisting && { showExisting: true }),
      });
  }
}

function ruleDescriptors(): RuleDescriptor[] {
  return RULES.map((rule) => {
    const doc = readRuleDoc(rule.meta.id);
    return {
      id: rule.meta.id,
      description: rule.meta.description,
      category: rule.meta.category,
      defaultSeverity: rule.meta.defaultSeverity,
      ...(doc !== undefined && { doc }),
    };
  });
}

/**
 * Code scanning and annotations want paths relative to the repository root: $GITHUB_WORKSPACE in GitHub
 * Actions, else git's top level; outside git, the working directory is the root.
 */
function repoRelative(io: CliIo): (file: string) => string {
  const root = io.env.GITHUB_WORKSPACE
    ? path.resolve(io.cwd, io.env.GITHUB_WORKSPACE)
    : repositoryRoot(io.cwd);
  return (file) => path.relative(root, path.resolve(io.cwd, file)).split(path.sep).join("/");
}

function repositoryRoot(cwd: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return cwd;
  }
}
