/**
 * What every PostgreSQL driver shares, whatever carries its queries (the `pg` client to a server, or the
 * embedded PGlite): quoting, the statements that refuse a transaction block, session limits, error
 * descriptions and the schema probe of crash recovery.
 */
import type { DatabaseDriver, DatabaseErrorInfo, Row, SchemaProbe, SessionSettings } from "../driver.js";
import type { SqlStatement } from "../history.js";

export function quotePostgresIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Statements PostgreSQL runs only outside a transaction block, and why; `major`: the server's version. */
export function postgresRefusesTransaction(sql: string, major: number): string | undefined {
  const text = sql.replace(/\s+/g, " ").trim();
  const rules: readonly [RegExp, string][] = [
    [
      /^(CREATE|DROP) (UNIQUE )?INDEX CONCURRENTLY\b/i,
      "CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction",
    ],
    [/^REINDEX\b.*\bCONCURRENTLY\b/i, "REINDEX CONCURRENTLY cannot run in a transaction"],
    [
      /^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b/i,
      "DETACH PARTITION CONCURRENTLY cannot run in a transaction",
    ],
    [/^VACUUM\b/i, "VACUUM cannot run in a transaction"],
    [/^(CREATE|DROP) DATABASE\b/i, "CREATE/DROP DATABASE cannot run in a transaction"],
    [/^(CREATE|DROP) TABLESPACE\b/i, "CREATE/DROP TABLESPACE cannot run in a transaction"],
    [/^ALTER SYSTEM\b/i, "ALTER SYSTEM cannot run in a transaction"],
    [/^(CREATE|DROP|ALTER) SUBSCRIPTION\b/i, "subscriptions cannot change in a transaction"],
  ];
  for (const [pattern, reason] of rules) if (pattern.test(text)) return reason;
  // Before PostgreSQL 12, a new enum value could not be added inside a transaction block.
  if (major < 12 && /^ALTER TYPE\b.*\bADD VALUE\b/i.test(text)) {
    return "ALTER TYPE … ADD VALUE cannot run in a transaction before PostgreSQL 12";
  }
  return undefined;
}

export function postgresSessionSql(settings: SessionSettings): string[] {
  const statements: string[] = [];
  if (settings.schema !== undefined)
    statements.push(`SET search_path TO ${quotePostgresIdentifier(settings.schema)}`);
  if (settings.lockTimeoutMs !== undefined)
    statements.push(`SET lock_timeout = '${Math.trunc(settings.lockTimeoutMs)}ms'`);
  if (settings.statementTimeoutMs !== undefined)
    statements.push(`SET statement_timeout = '${Math.trunc(settings.statementTimeoutMs)}ms'`);
  return statements;
}

/**
 * A value as a PostgreSQL literal, right whatever standard_conforming_strings says (a backslash makes it an
 * E'' string with backslashes doubled).
 */
export function postgresLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : String(value);
  const quoted = text.replace(/'/g, "''");
  return text.includes("\\") ? `E'${quoted.replace(/\\/g, "\\\\")}'` : `'${quoted}'`;
}

/** Statements with `$n` parameters written in as literals, joined into one simple-query message. */
export function postgresBatchSql(statements: readonly SqlStatement[]): string {
  return (
    statements
      .map((statement) =>
        statement.parameters.length === 0
          ? statement.sql
          : statement.sql.replace(/\$(\d+)/g, (_, n: string) =>
              postgresLiteral(statement.parameters[Number(n) - 1]),
            ),
      )
      // A statement may end in a line comment: the separator goes on a line of its own.
      .join("\n;\n")
  );
}

/**
 * Commits that need not wait for the disk (each migration's but the run's last): a later commit that waits
 * flushes the WAL up to it, earlier ones included. txid_current() gives the flush a transaction id, so that
 * its commit is written and waited for.
 */
export const POSTGRES_RELAXED_COMMIT = {
  begin: "SET LOCAL synchronous_commit = off",
  flush: "SELECT pg_catalog.txid_current()",
} as const;

/** Advisory locks take two int4 keys: this one says "Schematic", the other is the lock's name hashed. */
export const ADVISORY_LOCK_NAMESPACE = 5_380_203;

export function postgresLockSql(name: string): { acquire: string; release: string } {
  const literal = `'${name.replace(/'/g, "''")}'`;
  return {
    acquire: `SELECT pg_advisory_lock(${ADVISORY_LOCK_NAMESPACE}, hashtext(${literal}))`,
    release: `SELECT pg_advisory_unlock(${ADVISORY_LOCK_NAMESPACE}, hashtext(${literal}))`,
  };
}

/** A server error (it carries a SQLSTATE); anything else is not the database's answer. */
export function describePostgresError(error: unknown): DatabaseErrorInfo | undefined {
  if (!error || typeof error !== "object") return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return { message: typeof message === "string" ? message : String(message), code };
}

type Query = (sql: string, parameters: readonly unknown[]) => Promise<Row[]>;

/** A relation's regclass as the session's search_path resolves the name (unqualified) or the schema given. */
const REGCLASS = `to_regclass(CASE WHEN $1::text IS NULL THEN quote_ident($2) ELSE quote_ident($1) || '.' || quote_ident($2) END)`;

export function postgresProbe(query: Query): SchemaProbe {
  return {
    async relationExists(schema, name) {
      const rows = await query(`SELECT ${REGCLASS} IS NOT NULL AS found`, [schema ?? null, name]);
      return rows[0]?.found === true;
    },
    async columnExists(schema, table, column) {
      const rows = await query(
        `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = ${REGCLASS} AND attname = $3 AND attnum > 0 AND NOT attisdropped) AS found`,
        [schema ?? null, table, column],
      );
      return rows[0]?.found === true;
    },
    async indexState(schema, _table, name) {
      const rows = await query(
        `SELECT i.indisvalid AS valid FROM pg_catalog.pg_index i WHERE i.indexrelid = ${REGCLASS}`,
        [schema ?? null, name],
      );
      if (rows.length === 0) return "absent";
      return rows[0]?.valid === true ? "valid" : "invalid";
    },
  };
}

/** `PostgreSQL 15.19 (Debian …)` → 15. */
export function postgresMajor(version: string): number {
  const match = /(\d+)(?:\.(\d+))?/.exec(version);
  return match ? Number(match[1]) : 0;
}

/**
 * The session half of a PostgreSQL driver, given how it sends SQL: statements, transactions, the probe
 * and the error mapping are the same whether `pg` carries them to a server or PGlite runs them in process.
 */
export function postgresSession(
  run: (sql: string) => Promise<unknown>,
  query: (sql: string, parameters?: readonly unknown[]) => Promise<Row[]>,
  major: number,
): Pick<
  DatabaseDriver,
  | "currentSchema"
  | "execute"
  | "query"
  | "begin"
  | "commit"
  | "rollback"
  | "sessionSql"
  | "refusesTransaction"
  | "probe"
  | "quoteIdentifier"
  | "describeError"
> {
  return {
    currentSchema: async () =>
      String((await query("SELECT current_schema() AS schema"))[0]?.schema ?? "public"),
    execute: async (sql) => {
      await run(sql);
    },
    query,
    begin: async () => {
      await run("BEGIN");
    },
    commit: async () => {
      await run("COMMIT");
    },
    rollback: async () => {
      await run("ROLLBACK");
    },
    sessionSql: postgresSessionSql,
    refusesTransaction: (sql) => postgresRefusesTransaction(sql, major),
    probe: postgresProbe(query),
    quoteIdentifier: quotePostgresIdentifier,
    describeError: describePostgresError,
  };
}
