/**
 * The commands a deploy runs on every start (`migrate up`, `status`, `current`) with only the options that
 * say which database and folder: read without commander, whose loading is a measurable share of a `migrate
 * up` that has nothing to apply. Anything else (another option, a repeated one, a value that looks like
 * an option, --help) returns undefined and goes through commander, which gives the usual messages.
 */
import type { MigrateCommandName, MigrateOptions } from "./migrate-command.js";

const FAST_COMMANDS: ReadonlySet<string> = new Set<MigrateCommandName>(["up", "status", "current"]);

/** The options read here, each with a value, by every spelling commander accepts for them. */
const VALUE_OPTIONS: Readonly<Record<string, "config" | "env" | "url" | "migrations" | "format">> = {
  "-c": "config",
  "--config": "config",
  "--env": "env",
  "--url": "url",
  "-m": "migrations",
  "--migrations": "migrations",
  "-f": "format",
  "--format": "format",
};

export interface FastMigrate {
  readonly command: MigrateCommandName;
  /** As commander would build them for the same arguments: the options given, and format's default. */
  readonly options: MigrateOptions;
}

export function fastMigrate(argv: readonly string[]): FastMigrate | undefined {
  const [group, command, ...rest] = argv;
  if (group !== "migrate" || command === undefined || !FAST_COMMANDS.has(command)) return undefined;
  const options: Record<string, string> = { format: "text" };
  const seen = new Set<string>();
  for (let index = 0; index < rest.length; index += 2) {
    const key = VALUE_OPTIONS[rest[index]!];
    const value = rest[index + 1];
    if (key === undefined || value === undefined || value.startsWith("-") || seen.has(key)) return undefined;
    seen.add(key);
    options[key] = value;
  }
  // commander checks the format's choices; an unknown one is its error to report.
  if (options.format !== "text" && options.format !== "json") return undefined;
  return { command: command as MigrateCommandName, options: options as unknown as MigrateOptions };
}
