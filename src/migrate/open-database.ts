/**
 * The one place that knows which driver serves which database: PostgreSQL URLs through `pg`, MySQL and
 * MariaDB through `mysql2`, no URL at all through the embedded PGlite. Each driver is imported when it is
 * used, so that a PostgreSQL user never loads mysql2 or PGlite's WebAssembly.
 */
import path from "node:path";
import type { DialectName } from "../dialects/dialect.js";
import { SchematicError } from "../errors.js";
import { dialectOfUrl, displayUrl } from "./connection.js";
import type { DatabaseChoice } from "./database-choice.js";
import type { DatabaseDriver } from "./driver.js";

export interface OpenOptions {
  /** The working directory, for naming the embedded database's folder relative to it. */
  readonly cwd: string;
  /** The dialect the migrations are written in, when given (--dialect, dialect:): it must match the URL's. */
  readonly dialect?: DialectName;
}

/** The engine a choice runs on, known before connecting (the embedded database is PostgreSQL). */
export function dialectOfChoice(choice: DatabaseChoice): DialectName {
  return choice.kind === "embedded" ? "postgres" : dialectOfUrl(choice.url);
}

/** What the user sees as the database: the URL without its password, or the embedded folder. */
export function describeChoice(choice: DatabaseChoice, cwd: string): string {
  return choice.kind === "embedded"
    ? `embedded PostgreSQL (PGlite) in ${path.relative(cwd, choice.directory) || "."}`
    : displayUrl(choice.url);
}

/**
 * A module another part of Schematic provides, imported by a specifier TypeScript does not resolve, so
 * that the build does not depend on it being there; undefined when it is not.
 */
async function optionalModule<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : "";
    const missing =
      (code === "ERR_MODULE_NOT_FOUND" || /Failed to load url|Cannot find module/.test(message)) &&
      message.includes(path.basename(specifier, ".js"));
    if (missing) return undefined;
    throw error;
  }
}

type DriverFactory = (target: string, options?: object) => Promise<DatabaseDriver>;

export async function openDatabase(choice: DatabaseChoice, options: OpenOptions): Promise<DatabaseDriver> {
  const engine = dialectOfChoice(choice);
  if (options.dialect && options.dialect !== engine) {
    throw new SchematicError(
      "usage",
      `The migrations are ${options.dialect}, but the database is ${engine} (${describeChoice(choice, options.cwd)}).`,
      { hint: "Give the URL of a database of that engine, or check --dialect / dialect: in schematic.yml." },
    );
  }
  if (choice.kind === "embedded") {
    const pglite = await optionalModule<{ createPgliteDriver: DriverFactory }>("./drivers/pglite.js");
    if (!pglite) {
      throw new SchematicError(
        "usage",
        "No database URL: give one with --url, --env or SCHEMATIC_DATABASE_URL.",
        {
          hint: "For example --url postgres://user@localhost:5432/app, or an environment in schematic.yml (environments: {dev: {url: ${DEV_DATABASE_URL}}}) and --env dev.",
        },
      );
    }
    return pglite.createPgliteDriver(choice.directory, { cwd: options.cwd });
  }
  switch (engine) {
    case "postgres":
      return (await import("./drivers/postgres.js")).createPostgresDriver(choice.url);
    case "mysql": {
      const mysql = await optionalModule<{ createMysqlDriver: DriverFactory }>("./drivers/mysql.js");
      if (mysql) return mysql.createMysqlDriver(choice.url);
      break;
    }
    default:
      break;
  }
  throw new SchematicError(
    "usage",
    `Schematic cannot run migrations on ${engine} yet (${displayUrl(choice.url)}).`,
    { hint: "Use a PostgreSQL database for now." },
  );
}
