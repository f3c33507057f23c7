import { describe, expect, it } from "vitest";
import { lint, review } from "../test/helpers/rule-harness.js";
import rule from "./require-fk-index.js";

/** The rule over a pending set of several files (the harness reviews one), through the real runner. */
async function lintPendingSet(history: readonly string[], pending: readonly string[]) {
  const files = [
    ...history.map((text, i) => [`history_${i}.sql`, text] as const),
    ...pending.map((text, i) => [`pending_${i}.sql`, text] as const),
  ];
  const diagnostics = await review(rule, {
    files,
    pending: new Set(pending.map((_, i) => `pending_${i}.sql`)),
  });
  return diagnostics.filter((d) => d.pending).map((d) => [d.file, d.messageId, d.object]);
}

const TRADES = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text);";

describe("require-fk-index", () => {
  it.each([
    [
      "an index created later in the same file",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id));\nCREATE INDEX idx_fills_trade_id ON raw.fills (trade_id);",
    ],
    [
      "the key's column leads the primary key",
      "CREATE TABLE raw.fills (trade_id bigint REFERENCES raw.trades (id), seq int, PRIMARY KEY (trade_id, seq));",
    ],
    [
      "a unique constraint that leads with the column",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id), seq int, UNIQUE (trade_id, seq));",
    ],
    [
      "a two-column key served by an index on the same columns in another order",
      "CREATE TABLE raw.legs (trade_id bigint, venue text, leg int);\nALTER TABLE raw.legs ADD CONSTRAINT fk_legs_trades FOREIGN KEY (trade_id, venue) REFERENCES raw.pairs (id, venue);\nCREATE INDEX idx_legs ON raw.legs (venue, trade_id, leg);",
    ],
    [
      "an index that already exists on the table",
      "ALTER TABLE raw.quotes ADD CONSTRAINT fk_quotes_trades FOREIGN KEY (trade_id) REFERENCES raw.trades (id);",
    ],
    [
      "a foreign key dropped again in the same file",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint);\nALTER TABLE raw.fills ADD CONSTRAINT fk_fills_trades FOREIGN KEY (trade_id) REFERENCES raw.trades (id);\nALTER TABLE raw.fills DROP CONSTRAINT fk_fills_trades;",
    ],
  ])("passes: %s", async (_label, sql) => {
    const history = [
      TRADES,
      "CREATE TABLE raw.quotes (id bigint PRIMARY KEY, trade_id bigint);\nCREATE INDEX idx_quotes_trade_id ON raw.quotes (trade_id);",
    ];
    expect(await lint(rule, sql, { history })).toEqual([]);
  });

  it.each([
    [
      "an inline REFERENCES without an index",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id));",
      1,
      1,
    ],
    [
      "ADD CONSTRAINT ... FOREIGN KEY on an existing table",
      "\nALTER TABLE raw.quotes ADD CONSTRAINT fk_quotes_trades FOREIGN KEY (trade_id) REFERENCES raw.trades (id);",
      2,
      28,
    ],
    [
      "only a partial index on the column",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id));\nCREATE INDEX idx_fills_open ON raw.fills (trade_id) WHERE id > 0;",
      1,
      1,
    ],
    [
      "the column is second in the primary key",
      "CREATE TABLE raw.fills (seq int, trade_id bigint REFERENCES raw.trades (id), PRIMARY KEY (seq, trade_id));",
      1,
      1,
    ],
    [
      "only a GIN index on the column",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id));\nCREATE INDEX idx_fills_gin ON raw.fills USING gin (trade_id);",
      1,
      1,
    ],
  ])("fails: %s", async (_label, sql, line, column) => {
    const history = [TRADES, "CREATE TABLE raw.quotes (id bigint PRIMARY KEY, trade_id bigint);"];
    const findings = await lint(rule, sql, { history });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "require-fk-index",
        severity: "warning",
        messageId: "unindexedForeignKey",
        line,
        column,
      }),
    ]);
  });

  it("names the key, its columns and the referenced table", async () => {
    const [finding] = await lint(
      rule,
      "ALTER TABLE raw.quotes ADD CONSTRAINT fk_quotes_trades FOREIGN KEY (trade_id) REFERENCES raw.trades (id);",
      { history: [TRADES, "CREATE TABLE raw.quotes (id bigint PRIMARY KEY, trade_id bigint);"] },
    );
    expect(finding?.message).toBe(
      "Foreign key fk_quotes_trades on raw.quotes (trade_id) has no index that leads with its columns: every delete or key update in raw.trades scans raw.quotes.",
    );
    expect(finding?.object).toBe("raw.quotes");
  });

  it.each([
    [
      "mysql",
      "CREATE TABLE fills (id bigint PRIMARY KEY, trade_id bigint, FOREIGN KEY (trade_id) REFERENCES trades (id));",
    ],
    [
      "starrocks",
      "CREATE TABLE fills (id bigint, trade_id bigint) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ('foreign_key_constraints' = '(trade_id) REFERENCES trades(id)');",
    ],
  ] as const)("stays silent on %s, which indexes or does not enforce foreign keys", async (dialect, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });

  it("counts an index created in a later file of the same pending set", async () => {
    const fk = "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id));";
    const index = "CREATE INDEX idx_fills_trade_id ON raw.fills (trade_id);";
    expect(await lintPendingSet([TRADES], [fk, index])).toEqual([]);
    // Without the file that creates the index, the key is unindexed.
    expect(await lintPendingSet([TRADES], [fk])).toEqual([
      ["pending_0.sql", "unindexedForeignKey", "raw.fills"],
    ]);
  });
});
