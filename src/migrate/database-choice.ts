/**
 * Which database a command runs against, from the flags, the environment and schematic.yml, in one order:
 * --url, then --env NAME's url, then SCHEMATIC_DATABASE_URL, then the configuration's defaultEnvironment,
 * then the embedded PostgreSQL in `.schematic/` beside the configuration (or the working directory). A pure
 * function: opening the database is open-database.ts's job.
 */
import path from "node:path";
import type { EnvironmentConfig, SchematicConfig } from "../config/config.js";
import { SchematicError } from "../errors.js";

export type DatabaseChoice =
  | {
      readonly kind: "url";
      readonly url: string;
      /** What named it, for --verbose and messages: "--url", "environment prod", "SCHEMATIC_DATABASE_URL". */
      readonly source: string;
      readonly environment?: EnvironmentConfig;
    }
  | {
      readonly kind: "embedded";
      /** The folder of the embedded database (absolute). */
      readonly directory: string;
      readonly environment?: EnvironmentConfig;
    };

export interface DatabaseFlags {
  readonly url?: string;
  /** --env NAME. */
  readonly environment?: string;
}

/**
 * The embedded database's folder: `.schematic/pglite` beside schematic.yml, or in the working directory.
 * `.schematic/` is Schematic's own corner of the project (it keeps a .gitignore of its own there).
 */
export function embeddedDirectory(config: SchematicConfig, cwd: string): string {
  return path.join(config.baseDirectory ?? cwd, ".schematic", "pglite");
}

/** The environment --env names, its variables all set. */
function namedEnvironment(config: SchematicConfig, name: string, given: string): EnvironmentConfig {
  const environment = config.environments?.[name];
  if (!environment) {
    const known = Object.keys(config.environments ?? {});
    throw new SchematicError(
      "usage",
      `${given} names no environment${config.configPath ? ` in ${path.basename(config.configPath)}` : " (no schematic.yml was found)"}.`,
      {
        hint:
          known.length > 0
            ? `Use one of: ${known.join(", ")}.`
            : "Add it under environments: in schematic.yml (url: ${YOUR_DATABASE_URL}), or give the database with --url.",
      },
    );
  }
  if (environment.unsetVariables.length > 0) {
    throw new SchematicError(
      "config-invalid",
      `Environment ${name} needs variables that are not set: ${environment.unsetVariables.join("; ")}.`,
      { hint: "Export them (the secrets stay out of schematic.yml), or give the database with --url." },
    );
  }
  return environment;
}

export function chooseDatabase(
  flags: DatabaseFlags,
  config: SchematicConfig,
  env: NodeJS.ProcessEnv,
  cwd: string,
): DatabaseChoice {
  const environment =
    flags.environment !== undefined
      ? namedEnvironment(config, flags.environment, `--env ${flags.environment}`)
      : flags.url === undefined && !env.SCHEMATIC_DATABASE_URL && config.defaultEnvironment !== undefined
        ? namedEnvironment(
            config,
            config.defaultEnvironment,
            `defaultEnvironment: ${config.defaultEnvironment}`,
          )
        : undefined;
  const withEnvironment = environment ? { environment } : {};
  if (flags.url !== undefined) {
    if (flags.url === "")
      throw new SchematicError("usage", "--url is empty.", { hint: "Give a database URL." });
    return { kind: "url", url: flags.url, source: "--url", ...withEnvironment };
  }
  if (environment?.url) {
    return {
      kind: "url",
      url: environment.url,
      source: `environment ${environment.name}`,
      ...withEnvironment,
    };
  }
  if (env.SCHEMATIC_DATABASE_URL) {
    return {
      kind: "url",
      url: env.SCHEMATIC_DATABASE_URL,
      source: "SCHEMATIC_DATABASE_URL",
      ...withEnvironment,
    };
  }
  return { kind: "embedded", directory: embeddedDirectory(config, cwd), ...withEnvironment };
}
