/**
 * Maps the table names written in a node's compiled SQL to its parents (depends_on.nodes).
 * dbt renders `{{ ref('x') }}` as x's relation: "db"."schema"."identifier" on most adapters, but a
 * custom `generate_schema_name`, `ref` override or hand-written SQL can write 1 or 2 parts, so a name
 * matches the tail of a parent's relation, case-insensitively (Snowflake writes upper case, the
 * manifest lower). Ephemeral parents have no relation: dbt inlines them as `__dbt__cte__<name>`.
 */
import type { DbtNode } from "../model.js";

export interface ParentRelationIndex {
  /** The parent a written (unquoted, any case) 1-, 2- or 3-part name refers to. */
  readonly relationFor: (name: readonly string[]) => string | undefined;
  /** The ephemeral parent called `name` (the part after `__dbt__cte__`). */
  readonly ephemeralFor: (name: string) => string | undefined;
  /** Names that matched several parents (the first was used), for notes. */
  readonly ambiguousNames: ReadonlySet<string>;
}

export function indexParentRelations(parents: readonly DbtNode[]): ParentRelationIndex {
  const byTail = new Map<string, string[]>();
  const ephemeral = new Map<string, string>();
  for (const parent of parents) {
    const relation = parent.relation;
    if (relation === undefined) {
      ephemeral.set(parent.name.toLowerCase(), parent.uniqueId);
      continue;
    }
    const parts = [relation.database, relation.schema, relation.identifier]
      .filter((part): part is string => part !== undefined && part !== "")
      .map((part) => part.toLowerCase());
    for (let start = parts.length - 1; start >= 0; start--) {
      const key = parts.slice(start).join(".");
      const nodes = byTail.get(key) ?? [];
      if (!nodes.includes(parent.uniqueId)) nodes.push(parent.uniqueId);
      byTail.set(key, nodes);
    }
  }
  const ambiguousNames = new Set<string>();
  return {
    relationFor(name) {
      const key = name.map((part) => part.toLowerCase()).join(".");
      const nodes = byTail.get(key);
      if (nodes !== undefined && nodes.length > 1) ambiguousNames.add(key);
      return nodes?.[0];
    },
    ephemeralFor: (name) => ephemeral.get(name.toLowerCase()),
    ambiguousNames,
  };
}
