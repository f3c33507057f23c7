import type { CommanderError } from "commander";
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, formatError, SchematicError } from "../errors.js";
import { redactSecrets } from "../redact.js";
import type { ErrorDetails } from "../report/json.js";
import { visibleControls } from "../report/visible.js";
import { fastMigrate } from "./fast-migrate.js";
import { type CliIo, processIo } from "./io.js";
import { VERSION } from "./version.js";

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = EXIT_OK;
  // Set once commander is loaded: before, no error can be commander's.
  let isCommanderError = (_error: unknown): _error is CommanderError => false;
  try {
    // `migrate up|status|current` with only the database and folder options skips commander (and the
    // command table), a measurable share of a deploy's `migrate up` with nothing to apply.
    const fast = fastMigrate(argv);
    if (fast) {
      const { migrateCommand } = await import("./migrate-command.js");
      return await migrateCommand(fast.command, undefined, fast.options, io);
    }
    const [commander, { buildProgram }] = await Promise.all([import("commander"), import("./program.js")]);
    isCommanderError = (error): error is CommanderError => error instanceof commander.CommanderError;
    const program = buildProgram(io, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    const commanderError = isCommanderError(error);
    const code = exitCodeOf(error, commanderError);
    if (code !== EXIT_OK) await writeMachineReadableError(error, commanderError, argv, io);
    if (commanderError) return code; // commander has written its message already
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

function exitCodeOf(error: unknown, commanderError: boolean): number {
  // --help and --version end through exitOverride with code 0; every other commander error is usage.
  if (commanderError) return (error as CommanderError).exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  return error instanceof SchematicError ? EXIT_BAD_INPUT : EXIT_INTERNAL;
}

/**
 * With --format json or sarif and the report on standard output, a run that ends in an error still
 * writes one JSON document there, so that a tool reading it always gets JSON (the paragraph still goes
 * to standard error, and the exit code is still 2 or 70).
 */
async function writeMachineReadableError(
  error: unknown,
  commanderError: boolean,
  argv: readonly string[],
  io: CliIo,
): Promise<void> {
  const format = requestedFormat(argv);
  if ((format !== "json" && format !== "sarif") || optionGiven(argv, "-o", "--output")) return;
  const details = errorDetails(error, commanderError);
  io.stdout.write(
    format === "json"
      ? (await import("../report/json.js")).formatJsonError(details)
      : (await import("../report/sarif-error.js")).formatSarifError(details, VERSION),
  );
}

function errorDetails(error: unknown, commanderError: boolean): ErrorDetails {
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
  if (commanderError) {
    return { code: "usage", message: (error as CommanderError).message.replace(/^error: /, "") };
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
