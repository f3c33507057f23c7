import { describe, expect, it } from "vitest";
import type { DialectName } from "../src/dialects/dialect.js";
import { createDialect } from "../src/dialects/index.js";
import { ruleApplies } from "../src/lint/runner.js";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-reserved-words.js";

const PG_TABLE = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric);";
const STARROCKS_TAIL = "DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1";

describe("ban-reserved-words", () => {
  it.each([
    [
      "postgres",
      "keywords PostgreSQL lets name a column (name, value, type, time, int)",
      'CREATE TABLE raw.fills (id bigint, name text, value int, type text, "time" timestamptz, "int" int);',
    ],
    [
      "postgres",
      "a word that only contains a keyword",
      'CREATE TABLE raw.orders (id bigint, "ordered" int, users int);',
    ],
    ["postgres", "an unnamed constraint", "ALTER TABLE raw.trades ADD CHECK (price > 0);"],
    [
      "mysql",
      "MySQL's non-reserved keywords",
      "CREATE TABLE fills (id bigint, `name` varchar(10), `status` int, `type` int, `date` date);",
    ],
    [
      "mysql",
      "an index MySQL names after its first column (the column itself is fine)",
      "CREATE TABLE fills (id bigint, venue varchar(8), INDEX (venue));",
    ],
    [
      "starrocks",
      "StarRocks' non-reserved keywords",
      `CREATE TABLE demo.fills (id bigint, \`name\` varchar(10), \`type\` int) ${STARROCKS_TAIL};`,
    ],
  ] as const)("passes (%s): %s", async (dialect, _label, sql) => {
    expect(await lint(rule, sql, { dialect, history: dialect === "postgres" ? [PG_TABLE] : [] })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "a table named user",
      '\nCREATE TABLE "user" (id bigint);',
      2,
      1,
      "public.user",
      "Table public.user is named with the reserved word USER: every statement that uses it must quote it.",
    ],
    [
      "postgres",
      "a column named order",
      'CREATE TABLE raw.fills (id bigint, "order" int);',
      1,
      36,
      "raw.fills.order",
      undefined,
    ],
    [
      "postgres",
      "a column named left (reserved, can be a function or type name)",
      'ALTER TABLE raw.trades ADD COLUMN "left" int;',
      1,
      35,
      "raw.trades.left",
      undefined,
    ],
    [
      "postgres",
      "a rename to select",
      'ALTER TABLE raw.trades RENAME COLUMN price TO "select";',
      1,
      1,
      "raw.trades.select",
      undefined,
    ],
    [
      "postgres",
      "an index named check",
      'CREATE INDEX "check" ON raw.trades (price);',
      1,
      1,
      "raw.trades",
      "Index check on raw.trades is named with the reserved word CHECK: every statement that uses it must quote it.",
    ],
    [
      "postgres",
      "a constraint named primary",
      'ALTER TABLE raw.trades ADD CONSTRAINT "primary" CHECK (price > 0);',
      1,
      28,
      "raw.trades",
      undefined,
    ],
    [
      "postgres",
      "a quoted name in another case",
      'CREATE TABLE raw."Order" (id bigint);',
      1,
      1,
      "raw.Order",
      undefined,
    ],
    [
      "mysql",
      "a column named key",
      "CREATE TABLE settings (id bigint, `key` varchar(64));",
      1,
      35,
      "settings.key",
      undefined,
    ],
    [
      "mysql",
      "a table named rows (reserved since 8.0.2)",
      "CREATE TABLE `rows` (id bigint);",
      1,
      1,
      "rows",
      undefined,
    ],
    [
      "starrocks",
      "a column named text (reserved since v3.1)",
      `CREATE TABLE demo.notes (id bigint, \`text\` varchar(10)) ${STARROCKS_TAIL};`,
      1,
      37,
      "demo.notes.text",
      undefined,
    ],
  ] as const)("fails (%s): %s", async (dialect, _label, sql, line, column, object, message) => {
    const findings = await lint(rule, sql, { dialect, history: dialect === "postgres" ? [PG_TABLE] : [] });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-reserved-words",
        severity: "warning",
        messageId: "reservedWord",
        line,
        column,
        object,
        ...(message !== undefined && { message }),
      }),
    ]);
  });

  it.each([
    [
      "postgres",
      ["user", "ORDER", "select", "left", "join", "verbose", "authorization", "table"],
      ["name", "value", "type", "time", "int", "between", "id", "data", "order_id", "user name"],
    ],
    [
      "mysql",
      ["KEY", "rows", "row", "cube", "function", "interval", "lateral", "_FILENAME"],
      ["name", "value", "type", "status", "admin", "array", "tablesample", "user"],
    ],
    [
      "starrocks",
      ["text", "json", "bitmap", "largeint", "qualify", "minus"],
      ["name", "value", "type", "user", "status", "date"],
    ],
  ] as const)("%s: the hook knows its reserved words", async (name, reserved, free) => {
    const dialect = await createDialect(name as DialectName);
    const isReservedWord = dialect.hooks.isReservedWord!;
    expect(reserved.filter((word) => !isReservedWord(word))).toEqual([]);
    expect(free.filter((word) => isReservedWord(word))).toEqual([]);
  });

  it("does not run on a dialect without the isReservedWord hook", async () => {
    const dialect = await createDialect("postgres");
    expect(ruleApplies(rule, { capabilities: dialect.capabilities, hooks: {} })).toBe(false);
    expect(ruleApplies(rule, dialect)).toBe(true);
  });
});
