/**
 * Migrations chosen from the manifest and catalog, so that they hit what the project really reads:
 * drops, renames and type changes of source columns that models read, tables dropped and renamed, and
 * controls that must break nothing (a column nobody reads, one named only in comments or strings,
 * a widening).
 */
import type { OracleProject, SourceColumn, SourceTable } from "./corpus.js";
import { qualifiedName, quoteIdent } from "./postgres-oracle.js";
import { type SqlWords, sqlWords } from "./sql-words.js";

export type CaseCategory =
  | "drop-read-column"
  | "drop-unread-column"
  | "drop-comment-only-column"
  | "rename-column"
  | "rename-table"
  | "drop-table"
  | "type-change"
  | "widening"
  /** A column that reaches the project only through `select *` and that nothing names: nothing breaks. */
  | "pass-through"
  /** A column named below a model that reaches it through `select *`: the namers break. */
  | "pass-through-named"
  /** A table the compiled SQL reads while depends_on names another relation, or none. */
  | "undeclared-relation"
  /** A quoted mixed-case table and its lower-case twin: two tables in PostgreSQL. */
  | "mixed-case";

export interface OracleCase {
  readonly name: string;
  readonly category: CaseCategory;
  /** Why this column or table was chosen. */
  readonly why: string;
  readonly migration: string;
  /** The column the migration drops or retypes, for the view-dependency check (views over it block the DDL). */
  readonly target?: { readonly schema: string; readonly name: string; readonly column: string };
}

/**
 * Columns a loader added after dbt last compiled the project: the warehouse has them, catalog.json and
 * the compiled SQL do not. The oracle adds them to the baseline so that the comment-only cases can drop
 * a column whose name the compiled SQL mentions only in prose.
 */
export interface LateColumn {
  readonly schema: string;
  readonly table: string;
  readonly column: SourceColumn;
}

export interface CaseSet {
  readonly cases: readonly OracleCase[];
  readonly lateColumns: readonly LateColumn[];
  /** What the project does not allow to test, and why. */
  readonly notes: readonly string[];
}

/** Does the SQL read the relation with a bare `select * from "schema"."name"`? */
export function selectsStarFrom(sql: string, schema: string, name: string): boolean {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const relation = `"${literal(schema)}"\\s*\\.\\s*"${literal(name)}"`;
  return new RegExp(`select\\s+\\*\\s+from\\s+${relation}`, "i").test(sql);
}

interface ColumnReach {
  readonly table: SourceTable;
  readonly column: SourceColumn;
  /** Descendants below the table's direct children whose code names the column. */
  readonly readers: number;
}

interface TableReach {
  readonly table: SourceTable;
  /** Every node downstream of the table (all resource types). */
  readonly descendants: readonly string[];
  readonly directChildren: readonly string[];
}

/** SQL keywords and type names that a comment word must not be: they would not make a plausible column. */
const NOT_A_COLUMN_NAME = new Set([
  "select",
  "from",
  "where",
  "and",
  "or",
  "not",
  "null",
  "as",
  "the",
  "this",
  "that",
  "with",
  "for",
  "case",
  "when",
  "then",
  "else",
  "end",
  "join",
  "left",
  "inner",
  "on",
  "group",
  "order",
  "by",
  "union",
  "all",
  "text",
  "date",
  "timestamp",
  "integer",
  "bigint",
  "boolean",
  "true",
  "false",
  "into",
  "are",
  "is",
  "in",
  "values",
  "limit",
  "having",
  "distinct",
  "over",
  "partition",
  "rows",
  "between",
  "preceding",
  "following",
  "current",
  "interval",
  "table",
  "column",
  "create",
  "insert",
  "update",
  "delete",
  "using",
  "cast",
  "offset",
  "window",
  "lateral",
  "natural",
  "primary",
  "references",
  "unique",
  "check",
  "default",
  "user",
  "only",
]);

function descendantsOf(project: OracleProject, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const child of project.childMap.get(id) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return [...seen].sort();
}

function tableReach(project: OracleProject, table: SourceTable): TableReach {
  const directChildren = [...new Set(table.nodeIds.flatMap((id) => project.childMap.get(id) ?? []))].sort();
  return { table, descendants: descendantsOf(project, table.nodeIds), directChildren };
}

function mentions(words: SqlWords | undefined, column: string): boolean {
  return words !== undefined && (words.code.has(column) || words.code.has(column.toLowerCase()));
}

const isText = (column: SourceColumn) => column.type === "text";
const isTimestamp = (column: SourceColumn) => column.type.startsWith("timestamp");
const isInteger = (column: SourceColumn) => column.type === "integer";
const isWholeNumber = (column: SourceColumn) => column.type === "integer" || column.type === "bigint";
const isBoolean = (column: SourceColumn) => column.type === "boolean";
const isVarchar = (column: SourceColumn) => column.type.startsWith("character varying");

/**
 * Picks `count` columns spread over the reach ranking (most read, then evenly down to the least read),
 * at most one per table so the cases cover different parts of the project.
 */
function spread(candidates: readonly ColumnReach[], count: number, used: Set<string>): ColumnReach[] {
  const ranked = [...candidates]
    .filter((candidate) => candidate.readers > 0)
    .sort(
      (a, b) =>
        b.readers - a.readers ||
        a.table.name.localeCompare(b.table.name) ||
        a.column.name.localeCompare(b.column.name),
    );
  const picked: ColumnReach[] = [];
  const tablesTaken = new Set<string>();
  for (let slot = 0; slot < count && ranked.length > 0; slot += 1) {
    const start = count === 1 ? 0 : Math.round((slot * (ranked.length - 1)) / (count - 1));
    const choice = [...ranked.slice(start), ...ranked.slice(0, start)].find(
      (candidate) =>
        !tablesTaken.has(candidate.table.name) &&
        !used.has(`${candidate.table.name}.${candidate.column.name}`),
    );
    if (!choice) break;
    tablesTaken.add(choice.table.name);
    used.add(`${choice.table.name}.${choice.column.name}`);
    picked.push(choice);
  }
  return picked;
}

const tableName = (table: SourceTable) => qualifiedName(table.schema, table.name);
const targetOf = (reach: ColumnReach) => ({
  schema: reach.table.schema,
  name: reach.table.name,
  column: reach.column.name,
});
const label = (reach: ColumnReach) => `${reach.table.name}.${reach.column.name}`;

function alterType(reach: ColumnReach, type: string, using: (column: string) => string): string {
  const column = quoteIdent(reach.column.name);
  return `ALTER TABLE ${tableName(reach.table)} ALTER COLUMN ${column} TYPE ${type} USING ${using(column)};`;
}

/**
 * A word the compiled SQL below a table uses only in prose (comments, or string literals) and never as
 * an identifier anywhere in the project: the one most descendants mention wins.
 */
function proseOnlyWord(
  reach: readonly TableReach[],
  words: ReadonlyMap<string, SqlWords>,
  projectCode: ReadonlySet<string>,
  prose: "comments" | "strings",
): { table: SourceTable; word: string; mentionedBy: number } | undefined {
  let best: { table: SourceTable; word: string; mentionedBy: number } | undefined;
  for (const entry of reach) {
    const counts = new Map<string, number>();
    for (const id of entry.descendants) {
      for (const word of words.get(id)?.[prose] ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const columns = new Set(entry.table.columns.map((column) => column.name.toLowerCase()));
    for (const [word, mentionedBy] of counts) {
      if (word.length < 5 || NOT_A_COLUMN_NAME.has(word) || projectCode.has(word) || columns.has(word))
        continue;
      if (!/^[a-z_][a-z0-9_]*$/.test(word)) continue;
      const better =
        !best ||
        mentionedBy > best.mentionedBy ||
        (mentionedBy === best.mentionedBy &&
          `${entry.table.name}.${word}` < `${best.table.name}.${best.word}`);
      if (better) best = { table: entry.table, word, mentionedBy };
    }
  }
  return best;
}

export function generateCases(project: OracleProject): CaseSet {
  const words = new Map([...project.compiledCode].map(([id, sql]) => [id, sqlWords(sql)]));
  const projectCode = new Set(
    [...words.values()].flatMap((entry) => [...entry.code].map((word) => word.toLowerCase())),
  );
  const reach = project.tables.map((table) => tableReach(project, table));
  const readTables = reach.filter(
    (entry) => entry.descendants.length > 0 && entry.table.columnsFrom === "catalog",
  );
  const unreadTables = reach.filter((entry) => entry.descendants.length === 0);

  const columns: ColumnReach[] = readTables.flatMap((entry) => {
    const below = entry.descendants.filter((id) => !entry.directChildren.includes(id));
    return entry.table.columns.map((column) => ({
      table: entry.table,
      column,
      readers: below.filter((id) => mentions(words.get(id), column.name)).length,
    }));
  });
  const used = new Set<string>();
  const cases: OracleCase[] = [];
  const lateColumns: LateColumn[] = [];
  const where = (reach: ColumnReach) => `named by ${reach.readers} node(s) below the staging models`;

  for (const reach of spread(columns, 4, used)) {
    cases.push({
      name: `drop ${label(reach)}`,
      category: "drop-read-column",
      why: where(reach),
      migration: `ALTER TABLE ${tableName(reach.table)} DROP COLUMN ${quoteIdent(reach.column.name)};`,
      target: targetOf(reach),
    });
  }
  for (const reach of spread(columns, 3, used)) {
    cases.push({
      name: `rename ${label(reach)}`,
      category: "rename-column",
      why: where(reach),
      migration: `ALTER TABLE ${tableName(reach.table)} RENAME COLUMN ${quoteIdent(reach.column.name)} TO ${quoteIdent(`${reach.column.name}_renamed`)};`,
    });
  }

  const typeChanges: {
    filter: (column: SourceColumn) => boolean;
    count: number;
    type: string;
    using: (c: string) => string;
    what: string;
    /** Names a team would plausibly retype this way (ids stored as text, 0/1 flags): preferred when there are some. */
    likely?: RegExp;
  }[] = [
    {
      filter: isText,
      count: 3,
      type: "integer",
      using: (c) => `${c}::integer`,
      what: "text -> integer",
      likely: /(^|_)(id|count|number|amount|priority|version|duration)$/,
    },
    { filter: isTimestamp, count: 3, type: "date", using: (c) => `${c}::date`, what: "timestamp -> date" },
    {
      filter: isWholeNumber,
      count: 3,
      type: "boolean",
      using: (c) => `${c} <> 0`,
      what: "number -> boolean",
      likely: /^(is|has)_|active|bounced|deleted|flag|closed|won/,
    },
    {
      filter: isBoolean,
      count: 2,
      type: "integer",
      using: (c) => `${c}::integer`,
      what: "boolean -> integer",
    },
    {
      filter: (c) => c.type === "bigint",
      count: 2,
      type: "text",
      using: (c) => `${c}::text`,
      what: "bigint -> text",
    },
  ];
  for (const change of typeChanges) {
    const candidates = columns.filter((candidate) => change.filter(candidate.column));
    const plausible = spread(
      candidates.filter((candidate) => change.likely?.test(candidate.column.name) ?? true),
      change.count,
      used,
    );
    const picked = [...plausible, ...spread(candidates, change.count - plausible.length, used)];
    for (const reach of picked) {
      cases.push({
        name: `${change.what} ${label(reach)}`,
        category: "type-change",
        why: where(reach),
        migration: alterType(reach, change.type, change.using),
        target: targetOf(reach),
      });
    }
  }
  const widenings: { filter: (column: SourceColumn) => boolean; type: string; what: string }[] = [
    { filter: isInteger, type: "bigint", what: "integer -> bigint" },
    { filter: isVarchar, type: "text", what: "varchar -> text" },
  ];
  for (const change of widenings) {
    for (const reach of spread(
      columns.filter((candidate) => change.filter(candidate.column)),
      1,
      used,
    )) {
      cases.push({
        name: `widen ${change.what} ${label(reach)}`,
        category: "widening",
        why: where(reach),
        migration: alterType(reach, change.type, (c) => `${c}::${change.type}`),
        target: targetOf(reach),
      });
    }
  }

  const tables = [...readTables].sort(
    (a, b) => b.descendants.length - a.descendants.length || a.table.name.localeCompare(b.table.name),
  );
  const mostRead = tables[0];
  const leastRead = tables.at(-1);
  if (mostRead) {
    cases.push({
      name: `rename table ${mostRead.table.name}`,
      category: "rename-table",
      why: `${mostRead.descendants.length} nodes downstream, the most of any source`,
      migration: `ALTER TABLE ${tableName(mostRead.table)} RENAME TO ${quoteIdent(`${mostRead.table.name}_old`)};`,
    });
  }
  if (leastRead) {
    cases.push({
      name: `drop table ${leastRead.table.name}`,
      category: "drop-table",
      why: `${leastRead.descendants.length} nodes downstream, the fewest of any source that has readers`,
      migration: `DROP TABLE ${tableName(leastRead.table)};`,
    });
  }
  const middle = tables[Math.floor(tables.length / 2)];
  if (middle && middle !== mostRead && middle !== leastRead) {
    cases.push({
      name: `drop table ${middle.table.name}`,
      category: "drop-table",
      why: `${middle.descendants.length} nodes downstream, the median source`,
      migration: `DROP TABLE ${tableName(middle.table)};`,
    });
  }

  const unread = unreadTables[0];
  if (unread) {
    const column = unread.table.columns.at(-1)!;
    cases.push({
      name: `drop ${unread.table.name}.${column.name} (table nobody reads)`,
      category: "drop-unread-column",
      why: "a source declared in YAML that no model selects from",
      migration: `ALTER TABLE ${tableName(unread.table)} DROP COLUMN ${quoteIdent(column.name)};`,
    });
    cases.push({
      name: `drop table ${unread.table.name} (nobody reads)`,
      category: "drop-table",
      why: "a source declared in YAML that no model selects from",
      migration: `DROP TABLE ${tableName(unread.table)};`,
    });
  }

  for (const prose of ["comments", "strings"] as const) {
    const found = proseOnlyWord(readTables, words, projectCode, prose);
    if (!found) continue;
    const column: SourceColumn = { name: found.word, type: "text" };
    lateColumns.push({ schema: found.table.schema, table: found.table.name, column });
    cases.push({
      name: `drop ${found.table.name}.${found.word} (named only in ${prose})`,
      category: "drop-comment-only-column",
      why: `a column added after the last dbt compile; ${found.mentionedBy} downstream node(s) mention "${found.word}" only in ${prose}`,
      migration: `ALTER TABLE ${tableName(found.table)} DROP COLUMN ${quoteIdent(found.word)};`,
    });
  }
  const notes: string[] = [];
  const starRead = readTables.filter((entry) =>
    entry.directChildren.some((id) =>
      selectsStarFrom(project.compiledCode.get(id) ?? "", entry.table.schema, entry.table.name),
    ),
  );
  if (starRead.length === 0) {
    notes.push(
      "No model reads a source table through `select *` (the staging *_tmp models list every column), so no " +
        "migration case can drop a column reached only through `*`; the lineage probe covers it (the staging " +
        "models read *_tmp through `select *`), and so does the select-star-staging variant.",
    );
  }
  return { cases, lateColumns, notes };
}

/** The project with the late columns added to their tables (they are in the warehouse, not in catalog.json). */
export function withLateColumns(project: OracleProject, lateColumns: readonly LateColumn[]): OracleProject {
  if (lateColumns.length === 0) return project;
  const tables = project.tables.map((table) => {
    const added = lateColumns
      .filter((late) => late.schema === table.schema && late.table === table.name)
      .map((late) => late.column);
    return added.length === 0 ? table : { ...table, columns: [...table.columns, ...added] };
  });
  return { ...project, tables };
}
