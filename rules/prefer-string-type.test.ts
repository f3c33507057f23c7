import { describe, expect, it } from "vitest";
import { lint, summarize as summary } from "../test/helpers/rule-harness.js";
import rule from "./prefer-string-type.js";

describe("prefer-string-type", () => {
  it.each([
    [
      "postgres",
      "text and unbounded varchar (auto: text)",
      "CREATE TABLE raw.fills (a text, b varchar, c citext);",
      {},
    ],
    ["postgres", "fixed-length char is left alone", "CREATE TABLE raw.fills (iso char(2));", {}],
    [
      "mysql",
      "VARCHAR(n) (auto: bounded-varchar)",
      "CREATE TABLE fills (venue VARCHAR(16), side CHAR(1));",
      {},
    ],
    [
      "starrocks",
      "STRING (auto: text)",
      "CREATE TABLE fills (id BIGINT, venue STRING) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      {},
    ],
    [
      "postgres",
      "bounded-varchar within the maximum",
      "CREATE TABLE raw.fills (venue varchar(64));",
      { prefer: "bounded-varchar", maxLength: 64 },
    ],
    ["mysql", "text preferred, TEXT written", "CREATE TABLE fills (note TEXT);", { prefer: "text" }],
  ] as const)("passes on %s: %s", async (dialect, _label, sql, options) => {
    expect(await lint(rule, sql, { dialect, options })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "varchar(n) where text is preferred (auto)",
      "CREATE TABLE raw.fills (\n  venue varchar(16),\n  note text\n);",
      {},
      [{ messageId: "boundedString", line: 2, column: 3, object: "raw.fills.venue" }],
    ],
    [
      "postgres",
      "a change to varchar(n)",
      "ALTER TABLE raw.fills ALTER COLUMN note TYPE varchar(200);",
      {},
      [{ messageId: "boundedString", line: 1, column: 23, object: "raw.fills.note" }],
    ],
    [
      "mysql",
      "TEXT types where bounded varchar is preferred (auto)",
      "CREATE TABLE fills (note TEXT, body LONGTEXT, venue VARCHAR(16));",
      {},
      [
        { messageId: "unboundedString", line: 1, column: 21, object: "fills.note" },
        { messageId: "unboundedString", line: 1, column: 32, object: "fills.body" },
      ],
    ],
    [
      "starrocks",
      "VARCHAR(n) where STRING is preferred (auto)",
      "CREATE TABLE fills (id BIGINT, venue VARCHAR(16)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      {},
      [{ messageId: "boundedString", line: 1, column: 32, object: "fills.venue" }],
    ],
    [
      "postgres",
      "text where bounded varchar is configured",
      "ALTER TABLE raw.fills ADD COLUMN memo text;",
      { prefer: "bounded-varchar" },
      [{ messageId: "unboundedString", line: 1, column: 34, object: "raw.fills.memo" }],
    ],
    [
      "postgres",
      "a varchar longer than the maximum",
      "ALTER TABLE raw.fills ADD COLUMN memo varchar(4000);",
      { prefer: "bounded-varchar", maxLength: 1000 },
      [{ messageId: "longerThanMax", line: 1, column: 34, object: "raw.fills.memo" }],
    ],
    [
      "mysql",
      "VARCHAR(n) where text is configured",
      "CREATE TABLE fills (venue VARCHAR(16));",
      { prefer: "text" },
      [{ messageId: "boundedString", line: 1, column: 21, object: "fills.venue" }],
    ],
  ] as const)("fails on %s: %s", async (dialect, _label, sql, options, expected) => {
    const history = dialect === "postgres" ? ["CREATE TABLE raw.fills (id bigint, note text);"] : [];
    const findings = await lint(rule, sql, { dialect, options, history });
    expect(summary(findings)).toEqual(expected.map((finding) => ({ ...finding, severity: "warning" })));
  });

  it("names the configured maximum", async () => {
    const [finding] = await lint(rule, "CREATE TABLE raw.fills (memo varchar(4000));", {
      options: { prefer: "bounded-varchar", maxLength: 1000 },
    });
    expect(finding!.message).toBe(
      "Column raw.fills.memo is varchar(4000), longer than the configured maximum of 1000 characters.",
    );
  });
});
