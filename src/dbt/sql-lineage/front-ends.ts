/**
 * Which parser reads which dbt adapter's SQL. PostgreSQL-family adapters go to libpg-query (the
 * server's own grammar); the rest to the closest node-sql-parser grammar. A second front end is
 * tried when the first cannot parse (Redshift SQL is mostly PostgreSQL, DuckDB's too).
 */
import { parseWithGrammar, type SqlGrammar } from "./node-sql-parser-front-end.js";
import { parsePostgresQuery } from "./postgres-front-end.js";
import type { FrontEndResult } from "./query-model.js";
import { cutSnowflakeJsonPaths } from "./snowflake-json-paths.js";

export interface FrontEnd {
  /** For notes: "libpg-query" or "node-sql-parser (snowflake)". */
  readonly name: string;
  readonly parse: (sql: string) => FrontEndResult;
}

const POSTGRES: FrontEnd = { name: "libpg-query", parse: parsePostgresQuery };

function grammar(database: string, doubleQuotedIsIdentifier = true): FrontEnd {
  const sqlGrammar: SqlGrammar = { database, doubleQuotedIsIdentifier };
  return { name: `node-sql-parser (${database})`, parse: (sql) => parseWithGrammar(sql, sqlGrammar) };
}

const MYSQL = grammar("mysql", false);

/** Snowflake, retrying once with JSON paths cut when the grammar trips over `t.col:a.b` (see snowflake-json-paths.ts). */
const SNOWFLAKE: FrontEnd = {
  name: "node-sql-parser (snowflake)",
  parse(sql) {
    const sqlGrammar: SqlGrammar = { database: "snowflake", doubleQuotedIsIdentifier: true };
    const first = parseWithGrammar(sql, sqlGrammar);
    if (first.kind === "query" || !first.message.includes("column_symbol is not defined")) return first;
    const retry = parseWithGrammar(cutSnowflakeJsonPaths(sql), sqlGrammar);
    if (retry.kind === "error") return first;
    return {
      ...retry,
      notes: [
        "parsed with semi-structured paths cut to their first step (t.col:a.b -> t.col:a)",
        ...retry.notes,
      ],
    };
  },
};

/** dbt adapter type -> front ends to try, in order. */
const FRONT_ENDS_BY_ADAPTER: Readonly<Record<string, readonly FrontEnd[]>> = {
  postgres: [POSTGRES],
  postgresql: [POSTGRES],
  materialize: [POSTGRES],
  greenplum: [POSTGRES],
  alloydb: [POSTGRES],
  cockroachdb: [POSTGRES],
  duckdb: [POSTGRES, grammar("postgresql")],
  redshift: [grammar("redshift"), POSTGRES],
  snowflake: [SNOWFLAKE],
  bigquery: [grammar("bigquery", false)],
  mysql: [MYSQL],
  starrocks: [MYSQL],
  doris: [MYSQL],
  tidb: [MYSQL],
  singlestore: [MYSQL],
  mariadb: [grammar("mariadb", false)],
  trino: [grammar("trino")],
  starburst: [grammar("trino")],
  presto: [grammar("trino")],
  athena: [grammar("athena")],
  spark: [grammar("hive", false)],
  databricks: [grammar("hive", false)],
  hive: [grammar("hive", false)],
  sqlserver: [grammar("transactsql")],
  synapse: [grammar("transactsql")],
  fabric: [grammar("transactsql")],
  sqlite: [grammar("sqlite")],
  db2: [grammar("db2")],
  flink: [grammar("flinksql", false)],
};

const FALLBACK_FRONT_ENDS: readonly FrontEnd[] = [POSTGRES, grammar("postgresql")];

export function frontEndsFor(adapter: string): readonly FrontEnd[] {
  return FRONT_ENDS_BY_ADAPTER[adapter.toLowerCase()] ?? FALLBACK_FRONT_ENDS;
}

/** Parses with the adapter's front ends in turn; the error lists why each one failed. */
export function parseForAdapter(sql: string, adapter: string): FrontEndResult {
  const failures: string[] = [];
  for (const frontEnd of frontEndsFor(adapter)) {
    const result = frontEnd.parse(sql);
    if (result.kind === "query") {
      const fallbackNote =
        failures.length > 0 ? [`parsed by ${frontEnd.name} after: ${failures.join("; ")}`] : [];
      return { ...result, notes: [...fallbackNote, ...result.notes] };
    }
    failures.push(result.message);
  }
  return { kind: "error", message: failures.join("; ") };
}
