/**
 * From parsed migration scripts to replayed catalogs, and the options the dbt impact index is built with,
 * exactly as a check does it. The check, its worker thread and the rule-test harness all call these, so
 * that a rule test sees the default schema, identifier policy and dbt columns a user's run sees.
 */
import { allRelations, type Catalog, emptyCatalog, type QualifiedName } from "../catalog/model.js";
import { type FileReplay, type ParsedScript, replayScripts } from "../catalog/replay.js";
import type { Dialect } from "../dialects/dialect.js";
import { relationKey } from "../dialects/identifiers.js";
import type { DbtImpactOptions } from "./dbt-impact-index.js";

/**
 * Where unqualified names live: the configured schema, else the dialect's (public). MySQL and StarRocks have
 * none: unqualified names are in the connection's current database, which the history does not name (the
 * empty schema; reports show such names bare).
 */
export function defaultSchemaFor(dialect: Dialect, configured: string | undefined): string {
  return configured ?? dialect.defaultSchema ?? "";
}

/** The catalog before the first migration: empty, comparing names as the dialect does. */
export function startCatalog(dialect: Dialect, defaultSchema: string): Catalog {
  return emptyCatalog(defaultSchema, dialect.identifiers, {
    maxColumnsPerTable: dialect.capabilities.maxColumnsPerTable,
  });
}

/** Replays the scripts, in order, from the start catalog. */
export function replayHistory(
  scripts: readonly ParsedScript[],
  dialect: Dialect,
  defaultSchema: string,
): FileReplay[] {
  return replayScripts(scripts, startCatalog(dialect, defaultSchema));
}

/**
 * What the dbt impact index needs from the migrations: the identifier policy, every table the history knew
 * (to bind table names compiled SQL writes), and every column each had at any file boundary (to expand
 * `select *` in models compiled against the schema before the change). Tables are keyed as the database
 * compares their names; column lists of tables whose columns are not fully known (CREATE TABLE AS, assumed
 * tables) are left out: a partial list would mislead.
 */
export function dbtImpactOptions(replays: readonly FileReplay[], dialect: Dialect): DbtImpactOptions {
  const { identifiers } = dialect;
  const known = new Map<string, Set<string>>();
  const names = new Map<string, QualifiedName>();
  const incomplete = new Set<string>();
  const catalogs = replays.length > 0 ? [replays[0]!.before, ...replays.map((replay) => replay.after)] : [];
  for (const catalog of catalogs) {
    for (const relation of allRelations(catalog)) {
      if (relation.kind !== "table") continue;
      const key = relationKey(identifiers, relation.name.schema, relation.name.name);
      if (relation.columnsUnknown) incomplete.add(key);
      const columns = known.get(key) ?? new Set<string>();
      for (const column of relation.columns) columns.add(column.name.toLowerCase());
      known.set(key, columns);
      if (!names.has(key)) names.set(key, relation.name);
    }
  }
  return {
    identifiers,
    tables: [...names.values()],
    tableColumns: (schema, name) => {
      const key = relationKey(identifiers, schema, name);
      const columns = known.get(key);
      return columns && !incomplete.has(key) ? [...columns] : undefined;
    },
  };
}
