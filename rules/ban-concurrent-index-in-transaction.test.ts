import { describe, expect, it } from "vitest";
import { createDialect } from "../src/dialects/index.js";
import { ruleApplies } from "../src/lint/runner.js";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-concurrent-index-in-transaction.js";

const HISTORY = [
  "CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text, ts timestamptz);",
  "CREATE INDEX trades_ts_idx ON raw.trades (ts);",
];

describe("ban-concurrent-index-in-transaction", () => {
  it.each([
    ["CREATE INDEX CONCURRENTLY alone", "CREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);"],
    ["DROP INDEX CONCURRENTLY alone", "DROP INDEX CONCURRENTLY IF EXISTS raw.trades_ts_idx;"],
    [
      "alone, after comments",
      "-- built online: this migration runs outside a transaction\nCREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);",
    ],
    [
      "a plain index inside a transaction block",
      "BEGIN;\nCREATE INDEX trades_venue_idx ON raw.trades (venue);\nCOMMIT;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([]);
  });

  it.each([
    [
      "CREATE INDEX CONCURRENTLY after BEGIN",
      "BEGIN;\nCREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);\nCOMMIT;",
      {},
      "insideTransactionBlock",
      2,
      1,
      "raw.trades",
    ],
    [
      "DROP INDEX CONCURRENTLY after START TRANSACTION (the table found from the index)",
      "START TRANSACTION;\n  DROP INDEX CONCURRENTLY raw.trades_ts_idx;\nCOMMIT;",
      {},
      "insideTransactionBlock",
      2,
      3,
      "raw.trades",
    ],
    [
      "inside a transaction block even when mixed files are allowed",
      "BEGIN;\nCREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);\nCOMMIT;",
      { allowMixedFiles: true },
      "insideTransactionBlock",
      2,
      1,
      "raw.trades",
    ],
    [
      "beside a SET in the same file",
      "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);",
      {},
      "sharesFile",
      2,
      1,
      "raw.trades",
    ],
    [
      "after a committed block, still in the same file",
      "BEGIN;\nALTER TABLE raw.trades ADD COLUMN venue_id int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY trades_venue_id_idx ON raw.trades (venue_id);",
      {},
      "sharesFile",
      4,
      1,
      "raw.trades",
    ],
  ])("fails: %s", async (_label, sql, options, messageId, line, column, object) => {
    expect(await lint(rule, sql, { history: HISTORY, options })).toEqual([
      expect.objectContaining({
        rule: "ban-concurrent-index-in-transaction",
        severity: "error",
        messageId,
        line,
        column,
        object,
      }),
    ]);
  });

  it("reports every CONCURRENTLY statement of a mixed file, with the count of the others", async () => {
    const sql =
      "CREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);\nCREATE INDEX CONCURRENTLY trades_id_ts_idx ON raw.trades (id, ts);";
    const findings = await lint(rule, sql, { history: HISTORY });
    expect(findings.map((finding) => [finding.messageId, finding.line])).toEqual([
      ["sharesFile", 1],
      ["sharesFile", 2],
    ]);
    expect(findings[0]!.message).toBe(
      "CREATE INDEX CONCURRENTLY on raw.trades shares its migration file with 1 other statement(s): a runner that wraps the file in a transaction, or sends it as one multi-statement string, runs it inside a transaction and the migration fails.",
    );
  });

  it("reports DETACH PARTITION … CONCURRENTLY, which cannot run in a transaction block either", async () => {
    const history = [
      "CREATE TABLE raw.ticks (ts timestamptz, px numeric) PARTITION BY RANGE (ts);",
      "CREATE TABLE raw.ticks_2020 PARTITION OF raw.ticks FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');",
    ];
    const sql = "BEGIN;\nALTER TABLE raw.ticks DETACH PARTITION raw.ticks_2020 CONCURRENTLY;\nCOMMIT;";
    const findings = await lint(rule, sql, { history });
    expect(findings.map((f) => [f.messageId, f.line, f.object, f.message])).toEqual([
      [
        "insideTransactionBlock",
        2,
        "raw.ticks",
        "ALTER TABLE … DETACH PARTITION CONCURRENTLY on raw.ticks follows a BEGIN in the same file: it cannot run inside a transaction block, so the migration fails.",
      ],
    ]);
    const alone = "ALTER TABLE raw.ticks DETACH PARTITION raw.ticks_2020 CONCURRENTLY;";
    expect(await lint(rule, alone, { history })).toEqual([]);
  });

  it("allowMixedFiles: a runner that runs statements one by one may mix them", async () => {
    const sql = "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);";
    expect(await lint(rule, sql, { history: HISTORY, options: { allowMixedFiles: true } })).toEqual([]);
  });

  it("does not run where indexes cannot be built concurrently (MySQL, StarRocks)", async () => {
    for (const name of ["mysql", "starrocks"] as const) {
      const dialect = await createDialect(name);
      expect(ruleApplies(rule, dialect)).toBe(false);
    }
    expect(ruleApplies(rule, await createDialect("postgres"))).toBe(true);
  });
});
