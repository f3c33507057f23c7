/**
 * Column-level lineage of one dbt node: which columns of which parent its compiled SQL reads, how,
 * and which upstream columns each of its output columns is computed from.
 *
 * The compiled SQL is parsed by the adapter's front end (sql-lineage/front-ends.ts) into a neutral
 * query model and resolved against the parents' relations (sql-lineage/resolve.ts). Without compiled
 * code, or when it does not parse, the reads are inferred from the node's YAML-documented columns.
 *
 * Conventions of the result (see NodeColumnUse in model.ts):
 * - `reads` is keyed by parent unique_id and lists a parent as soon as the SQL names it, even when
 *   no named column is read (`select count(*) from p`).
 * - An output column named `*` with sources `{ node, column: "*" }` means: every column of that
 *   parent passes through under its own name (`select *` over a parent whose columns are unknown).
 * - Output sources are data flow (the columns a value is computed from), not the columns that
 *   only filter, join, group or order rows: those are in `reads`.
 */
import type { IdentifierCase } from "../dialects/identifiers.js";
import type { DbtNode, NodeColumnUse, RelationColumnUse } from "./model.js";
import { parseForAdapter } from "./sql-lineage/front-ends.js";
import { indexParentRelations } from "./sql-lineage/parent-relations.js";
import { loadPostgresParser } from "./sql-lineage/postgres-front-end.js";
import { type Lineage, resolveLineage } from "./sql-lineage/resolve.js";

export interface ColumnUseOptions {
  /** dbt adapter type: postgres, snowflake, bigquery, starrocks, ... picks the front end and grammar. */
  readonly adapter: string;
  /** Known columns of an upstream node (lower case), from catalog.json, YAML or computed outputs; undefined if unknown. */
  readonly columnsOf: (uniqueId: string) => readonly string[] | undefined;
  /** How the migrations' database compares relation names (exactly on PostgreSQL). */
  readonly identifiers: IdentifierCase;
  /**
   * A relation the compiled SQL reads that is not a parent (depends_on is only a hint): the id of the
   * project's node, or of a table only the migrations know, by the written name (stored form).
   */
  readonly otherRelation?: (name: readonly string[]) => string | undefined;
}

/** Loads libpg-query's WASM once; analyzeColumnUse is synchronous afterwards. */
export async function loadColumnUseParsers(): Promise<void> {
  await loadPostgresParser();
}

export function analyzeColumnUse(
  node: DbtNode,
  parents: readonly DbtNode[],
  options: ColumnUseOptions,
): NodeColumnUse {
  const sql = node.compiledCode;
  if (sql === undefined || sql.trim() === "") {
    return columnUseFromYaml(
      node,
      parents,
      options,
      "the node has no compiled code (run `dbt compile` to get column-level lineage)",
    );
  }
  const parsed = parseForAdapter(sql, options.adapter);
  if (parsed.kind === "error") {
    return columnUseFromYaml(
      node,
      parents,
      options,
      `the compiled SQL could not be parsed: ${parsed.message}`,
    );
  }
  const index = indexParentRelations(parents, {
    identifiers: options.identifiers,
    self: node,
    ...(options.otherRelation && { otherRelation: options.otherRelation }),
  });
  let lineage: Lineage;
  try {
    lineage = resolveLineage(parsed.query, {
      relationFor: index.relationFor,
      ephemeralFor: index.ephemeralFor,
      columnsOf: options.columnsOf,
      isSelf: index.isSelf,
    });
  } catch (error) {
    // A resolver bug on one model must not stop the check of all the others; the note asks for a report.
    const message = error instanceof Error ? error.message : String(error);
    return columnUseFromYaml(
      node,
      parents,
      options,
      `column lineage failed (a Schematic bug, please report it): ${message}`,
    );
  }
  const unreferenced = parents
    .filter((parent) => !lineage.reads.has(parent.uniqueId))
    .map((parent) => parent.uniqueId);
  const notes = [
    ...parsed.notes,
    ...lineage.notes,
    ...[...index.ambiguousNames].map((name) => `${name} matches several parents: the first one was used`),
    ...[...index.undeclared].map(
      ([written, relation]) => `${written} is read but not in depends_on: bound to ${relation}`,
    ),
    ...[...index.looseMatches].map(
      ([written, tail]) =>
        `${written} matched the parent ${tail} by its last parts only (another database or schema)`,
    ),
    ...(unreferenced.length > 0 ? [`not referenced in the compiled SQL: ${unreferenced.join(", ")}`] : []),
  ];
  return { basis: "compiled", reads: lineage.reads, outputs: lineage.outputs, notes };
}

/**
 * The fallback: a documented column that a parent also has is probably read from it. Weak (a
 * documented column may be computed, or come from another parent), so it is marked "documented".
 */
function columnUseFromYaml(
  node: DbtNode,
  parents: readonly DbtNode[],
  options: ColumnUseOptions,
  reason: string,
): NodeColumnUse {
  const documented = [...node.columns.keys()].sort();
  if (documented.length === 0) {
    return {
      basis: "none",
      reads: new Map(),
      notes: [
        reason,
        "no columns are documented in YAML either: nothing is known about the columns it reads",
      ],
    };
  }
  const reads = new Map<string, RelationColumnUse>();
  for (const parent of parents) {
    const parentColumns = new Set(options.columnsOf(parent.uniqueId) ?? [...parent.columns.keys()]);
    const shared = documented.filter((column) => parentColumns.has(column));
    if (shared.length > 0)
      reads.set(parent.uniqueId, {
        columns: new Map(shared.map((column) => [column, ["documented"]])),
        star: false,
      });
  }
  return {
    basis: "yaml",
    reads,
    notes: [reason, "reads inferred from the YAML-documented columns that a parent also has"],
  };
}
