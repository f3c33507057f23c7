/**
 * PostgreSQL through `pg`: one session runs the migrations and holds the run's advisory lock, a session-level
 * lock that the migrations' transactions neither take nor free, and that goes when the session does.
 */

import { createRequire } from "node:module";
import { hostname, userInfo } from "node:os";
import type pgTypes from "pg";
import { POSTGRES_IDENTIFIERS } from "../../dialects/identifiers.js";
import { SchematicError } from "../../errors.js";
import { displayUrl } from "../connection.js";
import type { DatabaseDriver, DriverOptions, LockOptions, Row, RunLock } from "../driver.js";
import {
  ADVISORY_LOCK_NAMESPACE,
  POSTGRES_RELAXED_COMMIT,
  postgresBatchSql,
  postgresLockSql,
  postgresMajor,
  postgresSession,
} from "./postgres-family.js";

const APPLICATION_NAME = "schematic migrate";
const LOCK_POLL_MS = 200;

type Client = pgTypes.Client;

/**
 * pg asks at load time whether it runs in a Cloudflare Worker: without a global `navigator` (Node 20) it
 * builds a fetch Response to find out, which loads Node's whole HTTP client (undici, zlib), ~40 ms of a
 * nothing-to-apply run. A `navigator` that says Node, present only while pg loads, answers it at once.
 */
function loadPg(): typeof pgTypes {
  const global = globalThis as { navigator?: unknown };
  const lent = global.navigator === undefined;
  if (lent) {
    Object.defineProperty(globalThis, "navigator", {
      value: { userAgent: `Node.js/${process.version}` },
      configurable: true,
      writable: true,
    });
  }
  try {
    return createRequire(import.meta.url)("pg") as typeof pgTypes;
  } finally {
    if (lent) delete global.navigator;
  }
}

async function connect(url: string, applicationName = APPLICATION_NAME): Promise<Client> {
  const { Client } = loadPg();
  const client = new Client({ connectionString: url, application_name: applicationName });
  // A server that goes away mid-run surfaces as the failed query's error, not as an uncaught event.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(url, error);
  }
  return client;
}

export function connectionError(url: string, error: unknown): SchematicError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SchematicError("database", `Cannot connect to ${displayUrl(url)}: ${reason}.`, {
    hint: "Check that the server runs and that the URL (--url, --env, SCHEMATIC_DATABASE_URL) names the right host, port, database and user.",
    cause: error,
  });
}

export async function createPostgresDriver(
  url: string,
  options: DriverOptions = {},
): Promise<DatabaseDriver> {
  const client = await connect(url, options.applicationName);
  const query = async (sql: string, parameters: readonly unknown[] = []): Promise<Row[]> =>
    (await client.query(sql, parameters as unknown[])).rows as Row[];
  const version = String((await query("SHOW server_version"))[0]?.server_version ?? "");
  const major = postgresMajor(version);
  return {
    dialect: "postgres",
    capabilities: {
      transactionalDdl: true,
      lock: "advisory",
      asynchronousSchemaChange: false,
      parameterStyle: "dollar",
    },
    identifiers: POSTGRES_IDENTIFIERS,
    target: displayUrl(url),
    serverVersion: async () => `PostgreSQL ${version}`,
    ...postgresSession((sql) => client.query(sql), query, major),
    executeBatch: async (statements) => {
      // No parameters: pg sends it as one simple query, which runs the statements in order. Before
      // PostgreSQL 13 a statement_timeout covers the whole message; the runner's statement-by-statement
      // retry after a failed batch then times each statement on its own, as without batching.
      await client.query(postgresBatchSql(statements));
    },
    relaxedCommit: POSTGRES_RELAXED_COMMIT,
    lock: (lockOptions) => advisoryLock(client, lockOptions),
    lockSql: postgresLockSql,
    close: async () => {
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * pg_advisory_lock on the migration session, held until released or the session ends. Not on a session of
 * its own: when a runner is killed, the server notices the idle lock session at once and frees the lock,
 * while the migration session goes on with its statement (a table rewrite, CREATE INDEX CONCURRENTLY)
 * until it next talks to the dead client. The next runner would then look at the schema mid-statement,
 * take it for not run, and run it again (measured: an ALTER rewriting 4M rows, then "column already
 * exists"). On the migration session, the lock is freed only after the statement ends. Polled with
 * pg_try_advisory_lock, so that a wait can name who holds the lock and end after the timeout.
 */
async function advisoryLock(session: Client, options: LockOptions): Promise<RunLock> {
  const key = [ADVISORY_LOCK_NAMESPACE, options.name] as const;
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const taken = await session.query("SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken", [...key]);
    if (taken.rows[0]?.taken === true) break;
    if (!told) {
      told = true;
      options.onWait?.(await lockHolder(session, options.name));
    }
    if (Date.now() >= deadline) {
      throw new SchematicError(
        "database",
        `Another runner has held the migration lock for ${Math.round(options.timeoutMs / 1000)} s; gave up waiting.`,
        {
          hint: "Wait for it to finish (`schematic migrate status` shows the history), or raise --lock-timeout.",
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  const pid = (await session.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
  return {
    description: `pg_advisory_lock(${ADVISORY_LOCK_NAMESPACE}, hashtext('${options.name}')) on session ${pid}`,
    release: async () => {
      await session.query("SELECT pg_advisory_unlock($1, hashtext($2))", [...key]).catch(() => undefined);
    },
  };
}

/** Who holds the lock: the session's application, user, client address and pid. */
async function lockHolder(session: Client, name: string): Promise<string | undefined> {
  try {
    const { rows } = await session.query(
      `SELECT a.pid, a.application_name, a.usename, a.client_addr
         FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = hashtext($2)::oid`,
      [ADVISORY_LOCK_NAMESPACE, name],
    );
    const holder = rows[0];
    if (!holder) return undefined;
    return `${holder.application_name || "a session"} (pid ${holder.pid}, ${holder.usename}${holder.client_addr ? ` from ${holder.client_addr}` : ""})`;
  } catch {
    return undefined;
  }
}

/** Who runs the migration, for the history row: the OS user and the machine. */
export function runnerIdentity(): string {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container's random uid): keep "unknown".
  }
  return `${user}@${hostname()}`;
}
