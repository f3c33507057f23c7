import type { EventEmitter } from "node:events";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DIALECT_SPELLINGS } from "../dialects/index.js";
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, formatError, SchematicError } from "../errors.js";
import { redactSecrets } from "../redact.js";
import type { ErrorDetails } from "../report/json.js";
import { visibleControls } from "../report/visible.js";
import { type CliIo, processIo } from "./io.js";
import { VERSION } from "./version.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The command table. Each command's implementation is imported when it runs, so `schematic --help`
 * and a pre-commit hook that only checks never load what they do not use.
 */
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("schematic")
    .description("Stop the migration that breaks your dbt models at the pull request.")
    .version(VERSION, "-v, --version")
    // -V too, as earlier versions had it (commander takes one short flag).
    .addOption(new Option("-V").hideHelp())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`schematic: ${text.replace(/^error: /, "")}`),
    })
    .showSuggestionAfterError(true);
  // Commander's Command is an EventEmitter; its typings leave emit out.
  program.on("option:V", () => (program as unknown as EventEmitter).emit("option:version"));

  program
    .command("check")
    .description("Parse migrations into a schema catalog and check them against every downstream dbt node.")
    .argument(
      "[files...]",
      "migration files under review, as pre-commit passes them (files that are not .sql are ignored)",
    )
    .option(
      "-c, --config <file>",
      "schematic.yml to read (default: the nearest one, up to the repository root)",
    )
    .addOption(
      new Option(
        "-d, --dialect <dialect>",
        "SQL dialect of the migrations (default: the dbt manifest's adapter, else postgres)",
      ).choices(DIALECT_SPELLINGS),
    )
    .option("-m, --migrations <dir>", "folder of SQL migrations (default: migrations, beside schematic.yml)")
    .option("--dbt-project <dir>", "dbt project folder; reads <dir>/target/manifest.json (and catalog.json)")
    .option("--manifest <file>", "dbt manifest.json to read")
    .option("--catalog <file>", "dbt catalog.json to read (default: beside the manifest, when present)")
    .option("--target-path <dir>", "dbt target path, relative to the dbt project (like dbt --target-path)")
    .option("--pending <file...>", "the migration files under review (default: all; see --base)", collect)
    .option(
      "--exclude <glob>",
      "migration files not to parse or replay, relative to the current folder (repeatable)",
      collect,
    )
    .option(
      "--base <ref>",
      "git ref the change is compared with: files added or changed since it are pending",
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "sarif", "github", "markdown"])
        .default("text"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .addOption(
      new Option("--fail-on <severity>", "lowest severity of a pending finding that blocks").choices([
        "error",
        "warning",
      ]),
    )
    .option("-q, --quiet", "report errors only: warnings and notes are neither shown nor counted")
    .option("--max-warnings <n>", "block the change when it has more than n warnings", (value: string) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Give a whole number of warnings, 0 or more.");
      return Number(value);
    })
    .option("--cache", "reuse parses of unchanged migration files from earlier runs (for pre-commit hooks)")
    .option(
      "--cache-dir <dir>",
      "where --cache keeps them (default: $XDG_CACHE_HOME/schematic or ~/.cache/schematic)",
    )
    .option(
      "--since <version>",
      "review migrations from this version on; earlier ones are replayed, not reviewed (baseline: in schematic.yml)",
    )
    .option(
      "--show-existing",
      "list the findings in applied migrations too (text format; default: count them)",
    )
    .option("--verbose", "say on stderr which settings were used and which files were ignored")
    .option("--color", "force coloured output")
    .option("--no-color", "disable coloured output")
    .action(async (files: string[], options) => {
      const { checkCommand } = await import("./check-command.js");
      setExit(await checkCommand({ ...options, files }, io));
    });

  program
    .command("init")
    .description(
      "Write a starting schematic.yml from what this folder holds (migrations, dialect, dbt project); never overwrites one.",
    )
    .action(async () => {
      const { initCommand } = await import("./init-command.js");
      setExit(await initCommand(io));
    });

  program
    .command("rules [id]")
    .description(
      "List the rules with their severity in the active configuration, or print one rule's doc page.",
    )
    .option(
      "-c, --config <file>",
      "schematic.yml to read (default: the nearest one, up to the repository root)",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (id: string | undefined, options) => {
      const { rulesCommand } = await import("./rules-command.js");
      setExit(await rulesCommand(id, options, io));
    });

  return program;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    const code = exitCodeOf(error);
    if (code !== EXIT_OK) await writeMachineReadableError(error, argv, io);
    if (error instanceof CommanderError) return code; // commander has written its message already
    if (error instanceof SchematicError) {
      io.stderr.write(`${visibleControls(redactSecrets(formatError(error)))}\n`);
      return code;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(
      `schematic: internal error, please report it with the command you ran.\n${visibleControls(redactSecrets(detail))}\n`,
    );
    return code;
  }
}

function exitCodeOf(error: unknown): number {
  // --help and --version end through exitOverride with code 0; every other commander error is usage.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  return error instanceof SchematicError ? EXIT_BAD_INPUT : EXIT_INTERNAL;
}

/**
 * With --format json or sarif and the report on standard output, a run that ends in an error still
 * writes one JSON document there, so that a tool reading it always gets JSON (the paragraph still goes
 * to standard error, and the exit code is still 2 or 70).
 */
async function writeMachineReadableError(error: unknown, argv: readonly string[], io: CliIo): Promise<void> {
  const format = requestedFormat(argv);
  if ((format !== "json" && format !== "sarif") || optionGiven(argv, "-o", "--output")) return;
  const details = errorDetails(error);
  io.stdout.write(
    format === "json"
      ? (await import("../report/json.js")).formatJsonError(details)
      : (await import("../report/sarif-error.js")).formatSarifError(details, VERSION),
  );
}

function errorDetails(error: unknown): ErrorDetails {
  if (error instanceof SchematicError) {
    return {
      code: error.code,
      message: redactSecrets(error.message),
      ...(error.location && {
        file: error.location.file,
        ...(error.location.line !== undefined && { line: error.location.line }),
        ...(error.location.column !== undefined && { column: error.location.column }),
      }),
      ...(error.hint !== undefined && { hint: redactSecrets(error.hint) }),
    };
  }
  if (error instanceof CommanderError) {
    return { code: "usage", message: error.message.replace(/^error: /, "") };
  }
  return {
    code: "internal",
    message: `Internal error, please report it with the command you ran: ${redactSecrets(error instanceof Error ? error.message : String(error))}`,
  };
}

/** The value of --format / -f as the user wrote it (commander may not have parsed it yet). */
function requestedFormat(argv: readonly string[]): string | undefined {
  let format: string | undefined;
  argv.forEach((arg, index) => {
    if (arg === "--format" || arg === "-f") format = argv[index + 1];
    else if (arg.startsWith("--format=")) format = arg.slice("--format=".length);
    else if (/^-f[^-]/.test(arg)) format = arg.slice(2);
  });
  return format;
}

function optionGiven(argv: readonly string[], short: string, long: string): boolean {
  return argv.some((arg) => arg === short || arg === long || arg.startsWith(`${long}=`));
}
