/**
 * Maps the table names written in a node's compiled SQL to its parents (depends_on.nodes).
 * dbt renders `{{ ref('x') }}` as x's relation: "db"."schema"."identifier" on most adapters, but a
 * custom `generate_schema_name`, `ref` override or hand-written SQL can write 1 or 2 parts, so a name
 * matches the tail of a parent's relation, case-insensitively (Snowflake writes upper case, the
 * manifest lower). Ephemeral parents have no relation: dbt inlines them as `__dbt__cte__<name>`.
 * A name that matches no parent exactly may still match one by a shorter tail (deferral, clones).
 */
import type { DbtNode, DbtRelation } from "../model.js";

export interface ParentRelationIndex {
  /** The parent a written (unquoted, any case) 1-, 2- or 3-part name refers to. */
  readonly relationFor: (name: readonly string[]) => string | undefined;
  /** The ephemeral parent called `name` (the part after `__dbt__cte__`). */
  readonly ephemeralFor: (name: string) => string | undefined;
  /** True when the name is the node's own relation (`{{ this }}` in an incremental model). */
  readonly isSelf: (name: readonly string[]) => boolean;
  /** Names that matched several parents (the first was used), for notes. */
  readonly ambiguousNames: ReadonlySet<string>;
  /** Written name -> the shorter tail it matched by (another database or schema), for notes. */
  readonly looseMatches: ReadonlyMap<string, string>;
}

export function indexParentRelations(parents: readonly DbtNode[], self?: DbtNode): ParentRelationIndex {
  const byTail = new Map<string, string[]>();
  const ephemeral = new Map<string, string>();
  for (const parent of parents) {
    if (parent.relation === undefined) {
      ephemeral.set(parent.name.toLowerCase(), parent.uniqueId);
      continue;
    }
    for (const key of tailKeys(parent.relation)) {
      const nodes = byTail.get(key) ?? [];
      if (!nodes.includes(parent.uniqueId)) nodes.push(parent.uniqueId);
      byTail.set(key, nodes);
    }
  }
  const selfKeys = new Set(self?.relation ? tailKeys(self.relation) : []);
  const ambiguousNames = new Set<string>();
  const looseMatches = new Map<string, string>();
  return {
    isSelf: (name) => selfKeys.has(keyOf(name)),
    relationFor(name) {
      const key = keyOf(name);
      const nodes = byTail.get(key);
      if (nodes !== undefined && nodes.length > 1) ambiguousNames.add(key);
      if (nodes !== undefined || selfKeys.has(key)) return nodes?.[0];
      // `dbt build --defer` or a clone: a parent's relation in another database or schema than the
      // manifest says. A shorter tail that names exactly one parent is taken, and noted.
      for (let start = 1; start < name.length; start++) {
        const tail = keyOf(name.slice(start));
        const candidates = byTail.get(tail);
        if (candidates?.length === 1 && !selfKeys.has(tail)) {
          looseMatches.set(key, tail);
          return candidates[0];
        }
      }
      return undefined;
    },
    ephemeralFor: (name) => ephemeral.get(name.toLowerCase()),
    ambiguousNames,
    looseMatches,
  };
}

function keyOf(name: readonly string[]): string {
  return name.map((part) => part.toLowerCase()).join(".");
}

/** identifier, schema.identifier and database.schema.identifier, lower case. */
function tailKeys(relation: DbtRelation): string[] {
  const parts = [relation.database, relation.schema, relation.identifier]
    .filter((part): part is string => part !== undefined && part !== "")
    .map((part) => part.toLowerCase());
  return parts.map((_, start) => parts.slice(start).join("."));
}
