import { describe, expect, it } from "vitest";
import { lint, summarize as summary } from "../test/helpers/rule-harness.js";
import rule from "./require-utf8mb4.js";

const TABLE = "CREATE TABLE fills (id BIGINT PRIMARY KEY, venue VARCHAR(16)) DEFAULT CHARSET=utf8mb4;";
const run = (sql: string, options?: object) =>
  lint(rule, sql, { dialect: "mysql", history: [TABLE], options });

describe("require-utf8mb4", () => {
  it.each([
    [
      "utf8mb4 everywhere",
      "CREATE TABLE quotes (sym VARCHAR(16) CHARACTER SET utf8mb4) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;",
    ],
    ["a utf8mb4 collation alone", "CREATE TABLE quotes (sym VARCHAR(16) COLLATE utf8mb4_bin);"],
    ["no character set (the server's default)", "CREATE TABLE quotes (sym VARCHAR(16));"],
    [
      "ascii and binary, chosen on purpose",
      "CREATE TABLE quotes (id CHAR(36) CHARACTER SET ascii, h VARBINARY(32), k VARCHAR(8) CHARSET binary);",
    ],
    [
      "a conversion to utf8mb4",
      "ALTER TABLE fills CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;",
    ],
    ["a MODIFY in utf8mb4", "ALTER TABLE fills MODIFY venue VARCHAR(32) CHARACTER SET utf8mb4;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await run(sql)).toEqual([]);
  });

  it.each([
    [
      "a table default of utf8",
      "CREATE TABLE quotes (\n  sym VARCHAR(16)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8;",
      [{ messageId: "tableCharset", line: 1, column: 1, object: "quotes" }],
    ],
    [
      "a table collation of utf8",
      "CREATE TABLE quotes (sym VARCHAR(16)) COLLATE=utf8_general_ci;",
      [{ messageId: "tableCharset", line: 1, column: 1, object: "quotes" }],
    ],
    [
      "a latin1 column",
      "CREATE TABLE quotes (\n  id BIGINT,\n  sym VARCHAR(16) CHARACTER SET latin1\n);",
      [{ messageId: "columnCharset", line: 3, column: 3, object: "quotes.sym" }],
    ],
    [
      "a column collation of utf8mb3",
      "ALTER TABLE fills ADD COLUMN note TEXT COLLATE utf8mb3_bin;",
      [{ messageId: "columnCharset", line: 1, column: 30, object: "fills.note" }],
    ],
    [
      "a MODIFY that keeps the type and sets utf8",
      "ALTER TABLE fills MODIFY venue VARCHAR(16) CHARACTER SET utf8;",
      [{ messageId: "columnCharset", line: 1, column: 26, object: "fills.venue" }],
    ],
    [
      "a conversion to utf8mb3",
      "ALTER TABLE fills CONVERT TO CHARACTER SET utf8mb3;",
      [{ messageId: "convertCharset", line: 1, column: 19, object: "fills" }],
    ],
    [
      "a new table default",
      "ALTER TABLE fills DEFAULT CHARACTER SET latin1;",
      [{ messageId: "tableCharset", line: 1, column: 19, object: "fills" }],
    ],
  ])("fails: %s", async (_label, sql, expected) => {
    expect(summary(await run(sql))).toEqual(expected.map((finding) => ({ ...finding, severity: "error" })));
  });

  it("says what the character set is", async () => {
    const [finding] = await run("ALTER TABLE fills CONVERT TO CHARACTER SET utf8;");
    expect(finding!.message).toBe(
      "Table fills is converted to character set utf8: its string columns can no longer store every Unicode character.",
    );
  });

  it("reports ascii when only utf8mb4 is allowed", async () => {
    const findings = await run("ALTER TABLE fills ADD COLUMN token CHAR(36) CHARACTER SET ascii;", {
      allowed: ["utf8mb4"],
    });
    expect(summary(findings)).toEqual([
      { messageId: "columnCharset", severity: "error", line: 1, column: 30, object: "fills.token" },
    ]);
  });

  it.each([
    ["postgres", 'CREATE TABLE raw.quotes (sym text COLLATE "C");'],
    [
      "starrocks",
      "CREATE TABLE quotes (id BIGINT, sym VARCHAR(16) CHARSET utf8) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
    ],
  ] as const)("stays silent on %s, whose columns carry no MySQL character set", async (dialect, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });
});
