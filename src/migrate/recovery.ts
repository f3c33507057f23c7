/**
 * After a runner died mid-migration (kill -9, a lost connection) on an engine without DDL transactions,
 * the history says which statements finished, and not whether the one it was running took effect. The
 * server finishes a statement whose client went away, and the run lock is only free once it has, so the
 * next runner can look: the statement's parsed changes say what the schema shows when it took effect.
 */
import type { Change, RelationName } from "../sql/changes.js";
import type { SchemaProbe } from "./driver.js";
import type { ExecutableStatement } from "./statements.js";

export type Effect =
  /** The schema shows every change of the statement: it ran. */
  | { readonly kind: "applied" }
  /** The schema shows none of them: it did not run (or rolled back). */
  | { readonly kind: "not-applied" }
  /**
   * PostgreSQL's CREATE INDEX CONCURRENTLY stopped part-way and left an invalid index: drop it, then run
   * the statement again.
   */
  | { readonly kind: "invalid-index"; readonly schema?: string; readonly name: string }
  /** The statement's effect cannot be seen in the schema (data, settings, a change Schematic cannot probe). */
  | { readonly kind: "unknown"; readonly why: string };

type Seen = "applied" | "not-applied" | Effect;

/** What the schema says about one change; undefined when the change cannot be probed. */
async function changeSeen(change: Change, probe: SchemaProbe): Promise<Seen | undefined> {
  const exists = (name: RelationName) => probe.relationExists(name.schema, name.name);
  const either = (present: boolean): Seen => (present ? "applied" : "not-applied");
  switch (change.kind) {
    case "create_table":
      return either(await exists(change.table.name));
    case "drop_table":
      return either(!(await exists(change.table)));
    case "create_view":
      return either(await exists(change.view.name));
    case "drop_view":
      return either(!(await exists(change.name)));
    case "rename_table":
    case "rename_view": {
      const from = change.kind === "rename_table" ? change.table : change.view;
      const to = { schema: change.to.schema ?? from.schema, name: change.to.name };
      const [fromThere, toThere] = [await exists(from), await exists(to)];
      if (toThere && !fromThere) return "applied";
      if (fromThere && !toThere) return "not-applied";
      return undefined;
    }
    case "add_column":
      return either(await probe.columnExists(change.table.schema, change.table.name, change.column.name));
    case "drop_column":
      return either(!(await probe.columnExists(change.table.schema, change.table.name, change.column)));
    case "rename_column": {
      const { schema, name } = change.table;
      const [fromThere, toThere] = [
        await probe.columnExists(schema, name, change.from),
        await probe.columnExists(schema, name, change.to),
      ];
      if (toThere && !fromThere) return "applied";
      if (fromThere && !toThere) return "not-applied";
      return undefined;
    }
    case "create_index": {
      if (change.index.name === undefined) return undefined;
      const state = await probe.indexState(
        change.index.table.schema,
        change.index.table.name,
        change.index.name,
      );
      if (state === "invalid") {
        return {
          kind: "invalid-index",
          ...(change.index.table.schema !== undefined && { schema: change.index.table.schema }),
          name: change.index.name,
        };
      }
      return either(state === "valid");
    }
    case "drop_index": {
      const schema = change.schema ?? change.table?.schema;
      const state = await probe.indexState(schema, change.table?.name, change.name);
      return either(state === "absent");
    }
    default:
      return undefined;
  }
}

/** Whether the statement took effect, as far as the live schema shows. */
export async function statementEffect(statement: ExecutableStatement, probe: SchemaProbe): Promise<Effect> {
  // How an ALTER runs (MySQL's ALGORITHM=COPY, LOCK=NONE) leaves nothing in the schema: only what it changes counts.
  const changes = statement.changes.filter(
    (change) => change.kind !== "no_schema_effect" && change.kind !== "execution_options",
  );
  if (changes.length === 0) {
    return { kind: "unknown", why: "the statement changes no table, view or index that can be looked at" };
  }
  const seen: Seen[] = [];
  for (const change of changes) {
    const one = await changeSeen(change, probe);
    if (one === undefined)
      return { kind: "unknown", why: `a ${change.kind.replace(/_/g, " ")} cannot be looked at` };
    seen.push(one);
  }
  const invalid = seen.find(
    (one): one is Extract<Effect, { kind: "invalid-index" }> =>
      typeof one !== "string" && one.kind === "invalid-index",
  );
  if (invalid) return invalid;
  if (seen.every((one) => one === "applied")) return { kind: "applied" };
  if (seen.every((one) => one === "not-applied")) return { kind: "not-applied" };
  return { kind: "unknown", why: "the schema shows some of its changes and not others" };
}
