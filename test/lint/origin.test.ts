/**
 * What "existed before the change under review" means when the review is several files: the safety rules
 * must stay silent on objects an earlier pending file created, and speak on objects the baseline had.
 * The rule harness reviews a single file, so this builds a two-file pending set itself.
 */
import { describe, expect, it } from "vitest";
import banDropColumn from "../../rules/ban-drop-column.js";
import banDropSchema from "../../rules/ban-drop-schema.js";
import banDropTable from "../../rules/ban-drop-table.js";
import banUniqueOnExistingColumns from "../../rules/ban-unique-on-existing-columns.js";
import type { Rule } from "../../src/lint/rule.js";
import { review } from "../helpers/rule-harness.js";

const HISTORY = "CREATE TABLE app.trades (id bigint PRIMARY KEY, price numeric, venue text);";

/** Findings of one rule on `pending` files (in order) applied after `history`, as `file:object`. */
async function reviewPendingSet(rule: Rule, history: string, pending: readonly string[]): Promise<string[]> {
  const files = [history, ...pending].map((text, i) => [`${i}.sql`, text] as const);
  const diagnostics = await review(
    rule,
    { files, pending: new Set(pending.map((_text, i) => `${i + 1}.sql`)) },
    { defaultSchema: "app" },
  );
  return diagnostics.filter((d) => d.pending).map((d) => `${d.file}:${d.object}`);
}

describe("objects that existed before a multi-file review", () => {
  it("a table created by an earlier pending file is new; a baseline table is not", async () => {
    const findings = await reviewPendingSet(banDropTable, HISTORY, [
      "CREATE TABLE app.fills (id int);",
      "DROP TABLE app.fills;\nDROP TABLE app.trades;",
    ]);
    expect(findings).toEqual(["2.sql:app.trades"]);
  });

  it("a column added by an earlier pending file is new; a baseline column is not", async () => {
    const findings = await reviewPendingSet(banDropColumn, HISTORY, [
      "ALTER TABLE app.trades ADD COLUMN tmp text;",
      "ALTER TABLE app.trades DROP COLUMN tmp;\nALTER TABLE app.trades DROP COLUMN venue;",
    ]);
    expect(findings).toEqual(["2.sql:app.trades.venue"]);
  });

  it("a schema created by an earlier pending file is new", async () => {
    const findings = await reviewPendingSet(banDropSchema, HISTORY, [
      "CREATE SCHEMA scratch;",
      "DROP SCHEMA scratch CASCADE;\nDROP SCHEMA app CASCADE;",
    ]);
    expect(findings).toEqual(["2.sql:app"]);
  });

  it("a unique index dropped by an earlier pending file and recreated cannot meet duplicates", async () => {
    const findings = await reviewPendingSet(
      banUniqueOnExistingColumns,
      `${HISTORY}\nCREATE UNIQUE INDEX trades_venue_key ON app.trades (venue);`,
      ["DROP INDEX app.trades_venue_key;", "CREATE UNIQUE INDEX trades_venue_uq ON app.trades (venue);"],
    );
    expect(findings).toEqual([]);
  });

  it("in history (every file under review), each file's own start is the baseline", async () => {
    const files = [HISTORY, "CREATE TABLE app.fills (id int);", "DROP TABLE app.fills;"].map(
      (text, i) => [`${i}.sql`, text] as const,
    );
    const diagnostics = await review(banDropTable, { files }, { defaultSchema: "app" });
    expect(diagnostics.map((d) => `${d.file}:${d.object}`)).toEqual(["2.sql:app.fills"]);
  });
});
