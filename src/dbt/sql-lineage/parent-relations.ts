/**
 * Maps the table names written in a node's compiled SQL to the relations they read: its parents
 * (depends_on.nodes) first, then any other relation the project or the migrations know by that name.
 * dbt's depends_on is what the parser saw, not what the compiled SQL reads: a macro that picks a relation at
 * compile time (`adapter.get_relation`, union macros, a variable naming a table) reads tables it names
 * differently or not at all, so it is a hint, not the answer.
 *
 * dbt renders `{{ ref('x') }}` as x's relation: "db"."schema"."identifier" on most adapters, but a custom
 * `generate_schema_name`, `ref` override or hand-written SQL can write 1 or 2 parts, so a name matches the
 * tail of a parent's relation. Written names arrive as the warehouse stores them (quoted parts verbatim,
 * unquoted ones folded) and compare under the migrations' database's policy: exactly on PostgreSQL.
 * Ephemeral parents have no relation: dbt inlines them as `__dbt__cte__<name>`. A name that matches no
 * relation at all may still match one parent by a shorter tail (deferral, clones).
 */
import type { IdentifierCase } from "../../dialects/identifiers.js";
import type { DbtNode, DbtRelation } from "../model.js";
import { partsKey } from "../relations.js";

export interface ParentRelationIndex {
  /** The relation a written 1-, 2- or 3-part name (stored form) refers to: a parent's id, or another's. */
  readonly relationFor: (name: readonly string[]) => string | undefined;
  /** The ephemeral parent called `name` (the part after `__dbt__cte__`). */
  readonly ephemeralFor: (name: string) => string | undefined;
  /** True when the name is the node's own relation (`{{ this }}` in an incremental model). */
  readonly isSelf: (name: readonly string[]) => boolean;
  /** Names that matched several parents (the first was used), for notes. */
  readonly ambiguousNames: ReadonlySet<string>;
  /** Written name -> the shorter tail it matched by (another database or schema), for notes. */
  readonly looseMatches: ReadonlyMap<string, string>;
  /** Written name -> the relation it was bound to although depends_on does not name it, for notes. */
  readonly undeclared: ReadonlyMap<string, string>;
}

export interface ParentRelationOptions {
  /** How the migrations' database compares relation names. */
  readonly identifiers: IdentifierCase;
  /** The node itself, whose relation is `{{ this }}`. */
  readonly self?: DbtNode;
  /** A relation that is not a parent, by its written name (stored form): a node of the project, or a table. */
  readonly otherRelation?: (name: readonly string[]) => string | undefined;
}

export function indexParentRelations(
  parents: readonly DbtNode[],
  options: ParentRelationOptions,
): ParentRelationIndex {
  const { identifiers, self, otherRelation } = options;
  const keyOf = (name: readonly string[]) => partsKey(identifiers, name);
  const byTail = new Map<string, string[]>();
  const ephemeral = new Map<string, string>();
  for (const parent of parents) {
    if (parent.relation === undefined) {
      ephemeral.set(parent.name.toLowerCase(), parent.uniqueId);
      continue;
    }
    for (const key of tailKeys(parent.relation, keyOf)) {
      const nodes = byTail.get(key) ?? [];
      if (!nodes.includes(parent.uniqueId)) nodes.push(parent.uniqueId);
      byTail.set(key, nodes);
    }
  }
  const selfKeys = new Set(self?.relation ? tailKeys(self.relation, keyOf) : []);
  const ambiguousNames = new Set<string>();
  const looseMatches = new Map<string, string>();
  const undeclared = new Map<string, string>();
  const display = (name: readonly string[]) => name.join(".");
  return {
    isSelf: (name) => selfKeys.has(keyOf(name)),
    relationFor(name) {
      const key = keyOf(name);
      const nodes = byTail.get(key);
      if (nodes !== undefined && nodes.length > 1) ambiguousNames.add(display(name));
      if (nodes !== undefined || selfKeys.has(key)) return nodes?.[0];
      const other = otherRelation?.(name);
      if (other !== undefined) {
        undeclared.set(display(name), other);
        return other;
      }
      // `dbt build --defer` or a clone: a parent's relation in another database or schema than the
      // manifest says. A shorter tail that names exactly one parent is taken, and noted.
      for (let start = 1; start < name.length; start++) {
        const tail = name.slice(start);
        const candidates = byTail.get(keyOf(tail));
        if (candidates?.length === 1 && !selfKeys.has(keyOf(tail))) {
          looseMatches.set(display(name), display(tail));
          return candidates[0];
        }
      }
      return undefined;
    },
    ephemeralFor: (name) => ephemeral.get(name.toLowerCase()),
    ambiguousNames,
    looseMatches,
    undeclared,
  };
}

/** identifier, schema.identifier and database.schema.identifier, as comparison keys. */
function tailKeys(relation: DbtRelation, keyOf: (name: readonly string[]) => string): string[] {
  const parts = [relation.database, relation.schema, relation.identifier].filter(
    (part): part is string => part !== undefined && part !== "",
  );
  return parts.map((_, start) => keyOf(parts.slice(start)));
}
