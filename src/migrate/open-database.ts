/**
 * The one place that knows which driver serves which database: PostgreSQL URLs through `pg`, MySQL and
 * MariaDB through `mysql2`, no URL at all through the embedded PGlite. Each driver is imported when it is
 * used, so that a PostgreSQL user never loads mysql2 or PGlite's WebAssembly.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DialectName } from "../dialects/dialect.js";
import { DIALECTS } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import { dialectOfUrl, displayUrl } from "./connection.js";
import type { DatabaseChoice } from "./database-choice.js";
import type { DatabaseDriver } from "./driver.js";

export interface OpenOptions {
  /** The working directory, for naming the embedded database's folder relative to it. */
  readonly cwd: string;
  /** The dialect the migrations are written in, when given (--dialect, dialect:): it must match the URL's. */
  readonly dialect?: DialectName;
  /** Told what the user should know while opening (the embedded database is being created, slowly). */
  readonly onNotice?: (message: string) => void;
  /** Told once when another process holds the embedded database's folder and this one waits. */
  readonly onWait?: (holder: string) => void;
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
 * A new `.schematic/` holds a database of thousands of files: a .gitignore inside it keeps them out of
 * `git status` and commits without asking the user to edit theirs (as pytest and ruff do with their caches).
 */
function ignoreInGit(folder: string): void {
  const file = path.join(folder, ".gitignore");
  if (existsSync(file)) return;
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, "# Written by Schematic: the embedded database is local state, never committed.\n*\n");
}

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
    ignoreInGit(path.dirname(choice.directory));
    const { createPgliteDriver } = await import("./drivers/pglite.js");
    return createPgliteDriver(choice.directory, {
      cwd: options.cwd,
      ...(options.onNotice && { onNotice: options.onNotice }),
      ...(options.onWait && { onWait: options.onWait }),
    });
  }
  // The registry's driver slot: each driver's module (and client library) loads only when used.
  const driver = DIALECTS[engine].driver;
  if (driver) return driver(choice.url);
  throw new SchematicError(
    "usage",
    `Schematic cannot run migrations on ${engine} yet (${displayUrl(choice.url)}).`,
    { hint: "Use a PostgreSQL or MySQL/MariaDB database, or none for the embedded PostgreSQL." },
  );
}
