/**
 * "The dbt checks saw nothing": when no table the change under review alters is a dbt source, seed or model,
 * and no compiled SQL reads one, every dbt rule passes without having looked at anything. A schema that
 * differs between the migrations and dbt's sources (`hubspot.deal_data` against `public.deal_data`) looks
 * exactly like that, so it is said, as a warning naming the dbt relations the tables were probably meant to be.
 */
import type { QualifiedName } from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import { ALTERING_CHANGES, type DbtImpact } from "../lint/dbt-impact.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import { joinList, qualifiedTarget } from "../lint/helpers.js";
import { formatQualified } from "../lint/rule.js";

export const DBT_NO_MATCH = "dbt-no-match";

interface Touched {
  readonly entry: ReplayedChange;
  readonly file: string;
  readonly table: QualifiedName;
}

/**
 * The tables the pending files alter, each with the first statement that does, in file order; not those
 * the change itself creates (no dbt node can read them yet).
 */
function alteredTables(replays: readonly FileReplay[], isPending: (file: string) => boolean): Touched[] {
  const touched = new Map<string, Touched>();
  const created = new Set<string>();
  for (const replay of replays) {
    if (!isPending(replay.script.path)) continue;
    for (const entry of replay.changes) {
      const table = qualifiedTarget(entry);
      if (!table) continue;
      const key = `${table.schema}\u0000${table.name}`;
      if (entry.change.kind === "create_table" || entry.change.kind === "create_view") created.add(key);
      if (!ALTERING_CHANGES.has(entry.change.kind) || created.has(key) || touched.has(key)) continue;
      touched.set(key, { entry, file: replay.script.path, table });
    }
  }
  return [...touched.values()];
}

/** The warning, or undefined when some altered table is one the dbt project sees (or none is altered). */
export function dbtCoverageDiagnostic(
  replays: readonly FileReplay[],
  isPending: (file: string) => boolean,
  dbt: DbtImpact,
): Diagnostic | undefined {
  const unseen = alteredTables(replays, isPending);
  const [first] = unseen;
  if (first === undefined || unseen.some((entry) => dbt.seesTable(entry.table))) return undefined;
  const described = unseen.slice(0, 3).map(({ table }) => {
    const nearest = dbt.nearestRelations(table);
    const name = formatQualified(table);
    return nearest.length > 0 ? `${name} (nearest: ${nearest.join(", ")})` : name;
  });
  const more = unseen.length - described.length;
  const tables = joinList(more > 0 ? [...described, `${more} more`] : described);
  return {
    rule: DBT_NO_MATCH,
    severity: "warning",
    messageId: "noMatch",
    message: `No table this change alters is a dbt source, seed or model, and no compiled SQL reads one, so the dbt checks saw nothing: ${tables}.`,
    file: first.file,
    span: first.entry.statement.span,
    object: unseen.map(({ table }) => formatQualified(table)).join(", "),
    impacts: [],
    help: "If dbt reads these tables, make the schema match: the source's `schema:` in dbt, or the migrations' (defaultSchema, placeholders, search_path); if it does not, acknowledge it: -- schematic-ignore-file dbt-no-match reason=\"…\".",
    pending: true,
  };
}
