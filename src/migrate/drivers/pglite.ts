/**
 * The embedded default database: PostgreSQL compiled to WebAssembly (PGlite), its data directory a folder
 * of the project (.schematic/ beside the config), so that `migrate` runs with no server. PGlite is one
 * session in this process and does not guard its folder, so the folder is locked (folder-lock.ts) from open
 * to close; the run lock is then a lock between the migrators of this process. A new folder starts from
 * the prepared empty cluster shipped with Schematic (pglite-template.ts) rather than initdb.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { POSTGRES_IDENTIFIERS } from "../../dialects/identifiers.js";
import { SchematicError } from "../../errors.js";
import type { DatabaseDriver, LockOptions, Row, RunLock } from "../driver.js";
import { type FolderLock, lockFileOf, lockFolder } from "../folder-lock.js";
import { findTemplate, INITDB_ARGS, type TemplateLookup } from "./pglite-template.js";
import { postgresMajor, postgresSession } from "./postgres-family.js";
import { extractTar } from "./tar.js";

export interface PgliteDriverOptions {
  /** Messages name the folder relative to this directory (default: the process's). */
  readonly cwd?: string;
  /** How long to wait for another process to let go of the folder (default 30 s). */
  readonly lockTimeoutMs?: number;
  /** Told once when another process holds the folder and this one starts waiting. */
  readonly onWait?: (holder: string) => void;
  /** Told when the new database cannot start from the prepared cluster and runs initdb (slow). */
  readonly onNotice?: (message: string) => void;
  /** The prepared cluster to start a new folder from (tests); default: the one shipped in assets/pglite. */
  readonly template?: () => TemplateLookup;
}

/** Written in a folder while it is being created: a folder that still has it was left half-made. */
const CREATING_MARKER = "schematic-creating";

/** One PGlite per folder and process, shared by the drivers opened on it and closed with the last. */
interface OpenFolder {
  readonly pg: PGlite;
  readonly lock: FolderLock;
  readonly version: string;
  users: number;
  /** The migrator holding the run lock in this process, if any: resolved when it lets go. */
  running: Promise<void> | undefined;
}

const openFolders = new Map<string, Promise<OpenFolder>>();
/** Folders whose last driver is closing: an open waits for the folder lock to be let go. */
const closingFolders = new Map<string, Promise<void>>();

/** The folder as messages name it: relative to the working directory when inside it. */
export function displayFolder(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === "") return ".";
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

type FolderState = "new" | "cluster" | "half-made" | "foreign";

function folderState(folder: string): FolderState {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "new";
    throw error;
  }
  if (entries.includes(CREATING_MARKER)) return "half-made";
  if (entries.includes("PG_VERSION")) return "cluster";
  return entries.length === 0 ? "new" : "foreign";
}

async function loadPglite(): Promise<typeof import("@electric-sql/pglite")> {
  return import("@electric-sql/pglite");
}

/** Makes a new data directory: from the prepared cluster when this PGlite can load it, else by initdb. */
async function createCluster(folder: string, display: string, options: PgliteDriverOptions): Promise<PGlite> {
  const { PGlite } = await loadPglite();
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, CREATING_MARKER), "");
  const lookup = (options.template ?? findTemplate)();
  let pg: PGlite;
  if (lookup.kind === "found") {
    // The files as PGlite's loadDataDir would write them, a third cheaper (tar.ts); then a plain open.
    extractTar(gunzipSync(readFileSync(lookup.template.archive)), folder);
    pg = await PGlite.create(folder);
  } else {
    const why =
      lookup.kind === "missing"
        ? "the prepared empty database is not in this installation"
        : `the prepared empty database was made with PGlite ${lookup.metadata.pglite}, this is PGlite ${lookup.installed} (run scripts/build-pglite-template.ts)`;
    (options.onNotice ?? defaultNotice)(
      `Creating the embedded database in ${display} with initdb, which takes 5–15 s: ${why}.`,
    );
    pg = await PGlite.create(folder, { initDbStartParams: [...INITDB_ARGS] });
  }
  // PGlite has written the whole folder and started on it: from here on it is a database like any other.
  unlinkSync(path.join(folder, CREATING_MARKER));
  return pg;
}

/** PGlite's file errors are Emscripten's ErrnoError, with a number and often no message. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  const errno = (error as { errno?: unknown } | undefined)?.errno;
  if (typeof errno === "number") return `a file system error in WebAssembly (errno ${errno})`;
  return String(error);
}

function defaultNotice(message: string): void {
  process.stderr.write(`schematic: ${message}\n`);
}

/** A folder made by another PostgreSQL major version cannot be read: say so before PGlite fails obscurely. */
function checkClusterVersion(folder: string, display: string, lookup: TemplateLookup): void {
  if (lookup.kind !== "found") return;
  const written = readFileSync(path.join(folder, "PG_VERSION"), "utf8").trim();
  const runs = lookup.template.metadata.postgresMajor;
  if (written === runs) return;
  throw new SchematicError(
    "database",
    `The embedded database in ${display} was made by PostgreSQL ${written}; this Schematic's embedded PostgreSQL is ${runs} and cannot read it.`,
    {
      hint: `Open it with the Schematic version that made it and dump what you need, or delete ${display} to start a new database (migrate up applies every migration again).`,
    },
  );
}

async function openFolder(
  folder: string,
  display: string,
  options: PgliteDriverOptions,
): Promise<OpenFolder> {
  mkdirSync(path.dirname(folder), { recursive: true });
  const lock = await lockFolder(folder, {
    timeoutMs: options.lockTimeoutMs ?? 30_000,
    display,
    ...(options.onWait && { onWait: options.onWait }),
  });
  try {
    let state = folderState(folder);
    if (state === "foreign") {
      throw new SchematicError(
        "database",
        `${display} holds files but is not an embedded database folder (it has no PG_VERSION).`,
        {
          hint: "Point the embedded database at a new or empty folder, or move those files away.",
        },
      );
    }
    if (state === "half-made") {
      // Its creator died before the new database was complete: nothing in it can be trusted or lost.
      rmSync(folder, { recursive: true, force: true });
      state = "new";
    }
    let pg: PGlite;
    try {
      if (state === "new") pg = await createCluster(folder, display, options);
      else {
        checkClusterVersion(folder, display, (options.template ?? findTemplate)());
        const { PGlite } = await loadPglite();
        pg = await PGlite.create(folder);
      }
    } catch (error) {
      if (error instanceof SchematicError) throw error;
      throw new SchematicError(
        "database",
        `Cannot open the embedded database in ${display}: ${reasonOf(error)}.`,
        {
          hint: `If the folder was damaged, delete ${display} to start a new database (migrate up applies every migration again).`,
          cause: error,
        },
      );
    }
    const version = String(
      (await pg.query<Row>("SELECT current_setting('server_version') AS version")).rows[0]?.version ?? "",
    );
    return { pg, lock, version, users: 0, running: undefined };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * The run lock between migrators of this process: the folder lock already keeps other processes out.
 * Waits for the migrator that holds it, up to the timeout.
 */
async function runLock(entry: OpenFolder, display: string, options: LockOptions): Promise<RunLock> {
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  while (entry.running) {
    if (!told) {
      told = true;
      options.onWait?.(`another migration run in this process (pid ${process.pid})`);
    }
    const remaining = deadline - Date.now();
    const timedOut = await Promise.race([
      entry.running.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), Math.max(remaining, 0)).unref()),
    ]);
    if (timedOut) {
      throw new SchematicError(
        "database",
        `Another migration run in this process has held the embedded database in ${display} for ${Math.round(options.timeoutMs / 1000)} s; gave up waiting.`,
      );
    }
  }
  let done!: () => void;
  entry.running = new Promise<void>((resolve) => {
    done = resolve;
  });
  return {
    description: `the folder lock ${lockFileOf(display)} (process ${entry.lock.holder.pid})`,
    release: async () => {
      entry.running = undefined;
      done();
    },
  };
}

/**
 * Opens (creating it if needed) the embedded database in `directory`, holding the folder's lock until
 * close. Drivers opened on one folder in one process share its PGlite.
 */
export async function createPgliteDriver(
  directory: string,
  options: PgliteDriverOptions = {},
): Promise<DatabaseDriver> {
  const cwd = options.cwd ?? process.cwd();
  const folder = path.resolve(cwd, directory);
  const display = displayFolder(folder, cwd);
  await closingFolders.get(folder);
  let opening = openFolders.get(folder);
  if (!opening) {
    opening = openFolder(folder, display, options);
    openFolders.set(folder, opening);
    opening.catch(() => openFolders.delete(folder));
  }
  const entry = await opening;
  entry.users += 1;
  const { pg } = entry;
  // Drivers on one folder share PGlite's single session: start this one as a new connection would, not
  // with the search_path or timeouts an earlier migration set (the history table is found by the former).
  if (!entry.running) await pg.exec("RESET ALL");
  const query = async (sql: string, parameters: readonly unknown[] = []): Promise<Row[]> =>
    (await pg.query<Row>(sql, [...parameters])).rows;
  const major = postgresMajor(entry.version);
  let closed = false;
  return {
    dialect: "postgres",
    capabilities: {
      transactionalDdl: true,
      lock: "file",
      asynchronousSchemaChange: false,
      parameterStyle: "dollar",
    },
    identifiers: POSTGRES_IDENTIFIERS,
    target: `embedded PostgreSQL (PGlite) in ${display}`,
    serverVersion: async () => `PostgreSQL ${entry.version} (PGlite)`,
    ...postgresSession((sql) => pg.exec(sql), query, major),
    lock: (lockOptions) => runLock(entry, display, lockOptions),
    lockSql: () => ({
      acquire: `-- lock ${lockFileOf(display)}: taken when the embedded database opens, held until it closes`,
      release: `-- unlock ${lockFileOf(display)}`,
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      openFolders.delete(folder);
      const closing = pg.close().finally(() => {
        entry.lock.release();
        closingFolders.delete(folder);
      });
      closingFolders.set(folder, closing);
      await closing;
    },
  };
}
