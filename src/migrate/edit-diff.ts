/**
 * `repair --accept-edit`: an applied migration was edited beyond comments and whitespace (its checksum
 * changed). Show the tokens that changed, and accept the edit only when it is cosmetic: replaying the
 * script as applied and the script as it is now, after the migrations before it, gives the same schema
 * (`int` for `integer`, a quoted name, keywords' case). Anything else is a change the database never ran.
 */
import type { Catalog, Relation } from "../catalog/model.js";
import { replayScripts } from "../catalog/replay.js";
import { defaultSchemaFor, startCatalog } from "../check/history.js";
import type { Dialect } from "../dialects/dialect.js";
import { createDialect } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import { substitutePlaceholders } from "../migrations/placeholders.js";
import type { MigrationStatus } from "./plan.js";
import type { ProjectDatabase } from "./project-database.js";

export interface TokenChange {
  /** 1-based line of the change in the new text (of the old text, for a pure removal at the end). */
  readonly line: number;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

interface Token {
  readonly text: string;
  readonly line: number;
}

function tokensOf(dialect: Pick<Dialect, "tokens">, text: string): Token[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  return dialect
    .tokens(text)
    .map((span) => ({ text: text.slice(span.start, span.end), line: lineOf(span.start) }));
}

/**
 * The tokens removed and added, grouped into runs: the common start and end are taken off first (an edit is
 * usually small), then the middle is compared by longest common subsequence.
 */
export function tokenChanges(before: readonly Token[], after: readonly Token[]): TokenChange[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start]!.text === after[start]!.text) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1]!.text === after[endAfter - 1]!.text) {
    endBefore--;
    endAfter--;
  }
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  // Past a few thousand tokens each side the table would be large: report the middle as one change.
  if (a.length * b.length > 4_000_000) {
    return [
      { line: b[0]?.line ?? a[0]?.line ?? 1, removed: a.map((t) => t.text), added: b.map((t) => t.text) },
    ];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i]!.text === b[j]!.text ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const changes: TokenChange[] = [];
  let current: { line: number; removed: string[]; added: string[] } | undefined;
  const flush = () => {
    if (current) changes.push(current);
    current = undefined;
  };
  let i = 0;
  let j = 0;
  const lastLine = after[after.length - 1]?.line ?? 1;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i]!.text === b[j]!.text) {
      flush();
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      current ??= { line: b[j]!.line, removed: [], added: [] };
      current.added.push(b[j]!.text);
      j++;
    } else {
      current ??= { line: b[j]?.line ?? lastLine, removed: [], added: [] };
      current.removed.push(a[i]!.text);
      i++;
    }
  }
  flush();
  return changes;
}

/** Where a thing was written and how it was spelled: not what the database holds. */
const LAYOUT_KEYS = new Set(["span", "raw", "file", "offset"]);

/** A relation as a string that leaves out what does not reach the database (spans, spellings, a view's layout). */
function relationShape(relation: Relation): string {
  const shaped =
    relation.kind === "view" ? { ...relation, query: relation.query.replace(/\s+/g, " ").trim() } : relation;
  return JSON.stringify(shaped, (key, value) => (LAYOUT_KEYS.has(key) ? undefined : value));
}

function schemaShape(catalog: Catalog): string {
  return JSON.stringify(
    [...catalog.schemas.entries()].map(([key, schema]) => [
      key,
      [...schema.relations.entries()].map(([name, relation]) => [name, relationShape(relation)]),
    ]),
  );
}

export interface EditExplanation {
  readonly id: string;
  readonly cosmetic: boolean;
  /** What to print: the token changes and the verdict. */
  readonly text: string;
}

export async function explainEdit(
  project: ProjectDatabase,
  status: MigrationStatus,
  id: string,
): Promise<EditExplanation> {
  const edited = status.edited.find((entry) => entry.migration.id === id);
  if (!edited) {
    throw new SchematicError("usage", `Migration ${id} is not edited since it was applied.`, {
      hint: "`schematic migrate verify` lists the edited migrations.",
    });
  }
  const applied = edited.row.script;
  if (applied === undefined) {
    throw new SchematicError(
      "migration-history",
      `The history does not keep the script ${id} was applied with, so the edit cannot be compared.`,
      {
        hint: "Put the file back as it was applied (see your version control), and add a new migration for the change.",
      },
    );
  }
  const { settings } = project;
  const dialect = await createDialect(project.dialect, {
    ...(settings.lowerCaseTableNames !== undefined && { lowerCaseTableNames: settings.lowerCaseTableNames }),
  });
  const now = edited.migration.up.text;
  const changes = tokenChanges(tokensOf(dialect, applied), tokensOf(dialect, now));
  const lines = [
    `${edited.migration.up.path}: ${changes.length} token change${changes.length === 1 ? "" : "s"} since it was applied:`,
  ];
  for (const change of changes.slice(0, 20)) {
    lines.push(
      `  line ${change.line}: ${change.removed.length > 0 ? `- ${change.removed.join(" ")}` : ""}${change.removed.length > 0 && change.added.length > 0 ? "  " : ""}${change.added.length > 0 ? `+ ${change.added.join(" ")}` : ""}`,
    );
  }
  if (changes.length > 20) lines.push(`  … and ${changes.length - 20} more`);

  // The schema before it: the migrations before it in the folder's order, replayed.
  const index = project.migrations.indexOf(edited.migration);
  const parse = (path: string, text: string) => ({
    path,
    text,
    parsed: dialect.parse(
      substitutePlaceholders(text, settings.placeholders, settings.placeholderSyntax).text,
    ),
  });
  const start = startCatalog(dialect, defaultSchemaFor(dialect, settings.defaultSchema));
  const before = replayScripts(
    project.migrations
      .slice(0, index)
      .filter((migration) => !migration.repeatable)
      .map((migration) => parse(migration.up.path, migration.up.text)),
    start,
  );
  const base = before.length > 0 ? before[before.length - 1]!.after : start;
  const [old] = replayScripts([parse(`${edited.migration.up.path} (as applied)`, applied)], base);
  const [fresh] = replayScripts([parse(edited.migration.up.path, now)], base);
  const understood =
    old!.script.parsed.errors.length === 0 &&
    fresh!.script.parsed.errors.length === 0 &&
    old!.after.stale.size === base.stale.size &&
    fresh!.after.stale.size === base.stale.size;
  const cosmetic = understood && schemaShape(old!.after) === schemaShape(fresh!.after);
  lines.push(
    cosmetic
      ? `Cosmetic: both texts give the same schema, so the edit is accepted as what was applied.`
      : understood
        ? `Not cosmetic: the edited text gives another schema than the one applied, so it is not accepted. Put the file back as it was and add a new migration for the change.`
        : `Cannot tell: a statement of one of the texts is not understood, so the edit is not accepted. Put the file back as it was and add a new migration for the change.`,
  );
  return { id, cosmetic, text: `${lines.join("\n")}\n` };
}
