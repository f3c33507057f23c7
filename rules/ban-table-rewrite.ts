import { type Catalog, findColumn, findTable, qualify, sameNameInTable } from "../src/catalog/model.js";
import { storedIdentifier } from "../src/dialects/identifiers.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { changesOfKind, defineRule, formatQualified } from "../src/lint/rule.js";
import { settingsBefore } from "../src/lint/session.js";
import type { DataType } from "../src/sql/data-type.js";

/**
 * ALTER COLUMN ... TYPE either relabels the column (varchar(50) -> varchar(100), varchar -> text) or
 * rewrites every row and rebuilds every index while holding an ACCESS EXCLUSIVE lock: on a large table,
 * minutes of blocked reads and writes. The dialect's rewritesTable hook knows which; a USING expression
 * that computes new values always rewrites, and so does adding a STORED generated column, whose value is
 * computed and written for every row.
 */
export default defineRule({
  meta: {
    id: "ban-table-rewrite",
    description:
      "Avoid column type changes and STORED generated columns that rewrite an existing table under an exclusive lock.",
    category: "locks",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requiresHooks: ["rewritesTable"],
    messages: {
      rewritesTable:
        "Changing {{object}} from {{from}} to {{to}} rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes.",
      rewritesTableUnlessUtc:
        "Changing {{object}} from {{from}} to {{to}} rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, unless the session's time zone is UTC (then only the type changes): set it in the migration to be sure.",
      usingRewritesTable:
        "Changing {{object}} to {{to}} USING {{using}} computes every value anew: the existing table is rewritten and its indexes rebuilt under an ACCESS EXCLUSIVE lock.",
      storedGeneratedColumn:
        "Adding the STORED generated column {{object}} computes it for every existing row: the table is rewritten and its indexes rebuilt under an ACCESS EXCLUSIVE lock (reads and writes wait).",
    },
    defaultOptions: {},
  },
  check(context) {
    const rewritesTable = context.dialect.hooks.rewritesTable;
    if (!rewritesTable) return;
    const settings = settingsBefore(context.file);
    for (const entry of changesOfKind(context.file, "add_column")) {
      const { change } = entry;
      if (change.column.generated?.storage !== "stored") continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const existing = findTable(entry.before, table);
      if (change.ifNotExists && existing && findColumn(entry.before, existing, change.column.name)) continue;
      const object = formatQualified(table, change.column.name);
      context.report({
        messageId: "storedGeneratedColumn",
        data: { object },
        span: change.span,
        object,
        help: "Add a plain column, fill it for new rows with a trigger and backfill old rows in batches; or, on PostgreSQL 18, add it VIRTUAL (computed when read, nothing written).",
      });
    }
    for (const entry of changesOfKind(context.file, "alter_column_type")) {
      const { change } = entry;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const object = formatQualified(table, change.column);
      const help =
        "Add a column of the new type, fill it for new rows (trigger or application) and backfill old rows in batches, then swap the columns in a short migration.";
      if (change.using !== undefined && !keepsValues(entry.before, change.using, change.column)) {
        context.report({
          messageId: "usingRewritesTable",
          data: { object, to: change.type.raw, using: change.using },
          span: change.span,
          object,
          help,
        });
        continue;
      }
      const existing = findTable(entry.before, table);
      const previous = existing ? findColumn(entry.before, existing, change.column)?.type : undefined;
      // Without the previous type there is no telling: say nothing rather than guess.
      const session = settings(entry);
      if (previous === undefined || !rewritesTable(previous, change.type, session)) continue;
      context.report({
        messageId: onlyTheZoneRewrites(previous, change.type, (from, to) => rewritesTable(from, to, session))
          ? "rewritesTableUnlessUtc"
          : "rewritesTable",
        data: { object, from: previous.raw, to: change.type.raw },
        span: change.span,
        object,
        help,
      });
    }
  },
});

/**
 * `USING col`, `USING col::type` or `USING CAST(col AS type)` convert the column the way a plain TYPE
 * change does, so the types decide; anything else computes new values.
 */
function keepsValues(catalog: Catalog, using: string, column: string): boolean {
  const text = stripParentheses(using.trim());
  const cast = /^cast\s*\((.+)\s+as\s+.+\)$/is.exec(text);
  const operand = cast ? cast[1]! : text.split("::")[0]!;
  return isColumn(catalog, stripParentheses(operand.trim()), column);
}

/** The text names the column: a quoted name exactly, a plain one as the database reads it. */
function isColumn(catalog: Catalog, text: string, column: string): boolean {
  const { identifiers } = catalog;
  const quote = identifiers.quote;
  const quoted = text.length > 1 && text.startsWith(quote) && text.endsWith(quote);
  if (!quoted && !identifiers.plainName.test(text)) return false;
  const name = quoted ? text.slice(1, -1).replaceAll(quote.repeat(2), quote) : text;
  return sameNameInTable(catalog, storedIdentifier(identifiers, name, quoted), column);
}

function stripParentheses(text: string): string {
  let current = text;
  while (/^\(.*\)$/s.test(current) && balanced(current.slice(1, -1))) current = current.slice(1, -1).trim();
  return current;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === "(") depth++;
    else if (char === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * timestamp <-> timestamptz shifts every value by the session's time zone offset, so it rewrites unless
 * that offset is 0. True when that is the only reason: converting the shifted value (whose precision is
 * then unconstrained) to the target type would not rewrite.
 */
function onlyTheZoneRewrites(
  from: DataType,
  to: DataType,
  rewritesTable: (from: DataType, to: DataType) => boolean,
): boolean {
  const families = new Set([from.family, to.family]);
  if (families.size !== 2 || !families.has("timestamp") || !families.has("timestamptz")) return false;
  const { precision: _precision, ...shifted } = from;
  return !rewritesTable({ ...shifted, family: to.family, name: to.name }, to);
}
