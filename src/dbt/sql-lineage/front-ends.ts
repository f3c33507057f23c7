/**
 * Which parser reads which dbt adapter's SQL. PostgreSQL-family adapters go to libpg-query (the
 * server's own grammar); the rest to the closest node-sql-parser grammar. A second front end is
 * tried when the first cannot parse (Redshift SQL is mostly PostgreSQL, DuckDB's too).
 */
import { lookupTable } from "../../lookup-table.js";
import { adapterNaming } from "../relations.js";
import { parseWithGrammar, type SqlGrammar } from "./node-sql-parser-front-end.js";
import { parsePostgresQuery } from "./postgres-front-end.js";
import type { FrontEndResult } from "./query-model.js";
import { NORMALIZE_BIGQUERY_TYPE_ALIASES, SNOWFLAKE_REPAIRS, type SqlRepair } from "./sql-repairs.js";

export interface FrontEnd {
  /** For notes: "libpg-query" or "node-sql-parser (snowflake)". */
  readonly name: string;
  /** `unquotedFold`: what the adapter's warehouse does to a bare table name (libpg-query folds by itself). */
  readonly parse: (sql: string, unquotedFold: SqlGrammar["unquotedFold"]) => FrontEndResult;
}

const POSTGRES: FrontEnd = { name: "libpg-query", parse: parsePostgresQuery };

/** A node-sql-parser grammar; with a repair, a failed parse is retried once on the repaired SQL. */
function grammar(database: string, doubleQuotedIsIdentifier = true, repair?: SqlRepair): FrontEnd {
  const sqlGrammar: SqlGrammar = { database, doubleQuotedIsIdentifier };
  return {
    name: `node-sql-parser (${database})`,
    parse(sql, unquotedFold) {
      const folding = { ...sqlGrammar, unquotedFold };
      const first = parseWithGrammar(sql, folding);
      if (first.kind === "query" || repair === undefined) return first;
      const repaired = repair.rewrite(sql);
      if (repaired === sql) return first;
      const retry = parseWithGrammar(repaired, folding);
      if (retry.kind === "error") return first;
      return { ...retry, notes: [`parsed after a rewrite: ${repair.description}`, ...retry.notes] };
    },
  };
}

const MYSQL = grammar("mysql", false);

/** dbt adapter type -> front ends to try, in order. */
const FRONT_ENDS_BY_ADAPTER: Readonly<Record<string, readonly FrontEnd[]>> = lookupTable({
  postgres: [POSTGRES],
  postgresql: [POSTGRES],
  materialize: [POSTGRES],
  greenplum: [POSTGRES],
  alloydb: [POSTGRES],
  cockroachdb: [POSTGRES],
  duckdb: [POSTGRES, grammar("postgresql")],
  redshift: [grammar("redshift"), POSTGRES],
  snowflake: [grammar("snowflake", true, SNOWFLAKE_REPAIRS)],
  bigquery: [grammar("bigquery", false, NORMALIZE_BIGQUERY_TYPE_ALIASES)],
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
});

const FALLBACK_FRONT_ENDS: readonly FrontEnd[] = [POSTGRES, grammar("postgresql")];

export function frontEndsFor(adapter: string): readonly FrontEnd[] {
  return FRONT_ENDS_BY_ADAPTER[adapter.toLowerCase()] ?? FALLBACK_FRONT_ENDS;
}

/** Parses with the adapter's front ends in turn; the error lists why each one failed. */
export function parseForAdapter(sql: string, adapter: string): FrontEndResult {
  const failures: string[] = [];
  const { unquotedFold } = adapterNaming(adapter);
  for (const frontEnd of frontEndsFor(adapter)) {
    const result = frontEnd.parse(sql, unquotedFold);
    if (result.kind === "query") {
      const fallbackNote =
        failures.length > 0 ? [`parsed by ${frontEnd.name} after: ${failures.join("; ")}`] : [];
      return { ...result, notes: [...fallbackNote, ...result.notes] };
    }
    failures.push(result.message);
  }
  return { kind: "error", message: failures.join("; ") };
}
