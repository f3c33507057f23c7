import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./limit-identifier-length.js";

const PG_TABLE = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric);";
const STARROCKS_TAIL = "DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1";
const a = (length: number) => "a".repeat(length);
const b = (length: number) => "b".repeat(length);

describe("limit-identifier-length", () => {
  it.each([
    ["postgres", "a name of exactly 63 bytes", `CREATE TABLE raw.fills (id bigint, ${a(63)} int);`],
    [
      "postgres",
      "a long name that is only referred to, not given",
      `ALTER TABLE raw.${b(70)} ADD COLUMN venue text;`,
    ],
    [
      "postgres",
      "a long word inside a string literal",
      `ALTER TABLE raw.trades ADD COLUMN venue text DEFAULT '${a(80)}';`,
    ],
    ["mysql", "a name of exactly 64 characters", `CREATE TABLE fills (id bigint, ${a(64)} int);`],
    [
      "mysql",
      "a name of 40 characters and 120 bytes (MySQL counts characters)",
      `CREATE TABLE fills (id bigint, ${"価".repeat(40)} int);`,
    ],
    [
      "starrocks",
      "an index name of exactly 64 characters",
      `CREATE INDEX ${a(64)} ON demo.fills (id) USING BITMAP;`,
    ],
    [
      "starrocks",
      "table and column names of 1024 characters",
      `CREATE TABLE demo.${a(1024)} (id bigint, ${b(1024)} int) ${STARROCKS_TAIL};`,
    ],
    ["starrocks", "a database name of 256 characters", `CREATE DATABASE ${a(256)};`],
  ] as const)("passes (%s): %s", async (dialect, _label, sql) => {
    const history =
      dialect === "postgres"
        ? [PG_TABLE, `CREATE TABLE raw.${b(70)} (id bigint);`]
        : dialect === "starrocks"
          ? [`CREATE TABLE demo.fills (id bigint) ${STARROCKS_TAIL};`]
          : [];
    expect(await lint(rule, sql, { dialect, history })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "a column of 64 bytes",
      `CREATE TABLE raw.fills (id bigint, ${a(64)} int);`,
      [["truncated", 1, 36, `raw.fills.${a(63)}`]],
    ],
    [
      "postgres",
      "an index name in mixed case, unquoted",
      `\nCREATE INDEX IDX_${"T".repeat(70)} ON raw.trades (price);`,
      [["truncated", 2, 14, "raw.trades"]],
    ],
    [
      "postgres",
      "a quoted constraint name",
      `ALTER TABLE raw.trades ADD CONSTRAINT "CK_${"P".repeat(70)}" CHECK (price > 0);`,
      [["truncated", 1, 39, "raw.trades"]],
    ],
    [
      "postgres",
      "two columns that become the same name",
      `CREATE TABLE raw.fills (${a(63)}_first int, ${a(63)}_second int);`,
      [
        ["truncated", 1, 25, `raw.fills.${a(63)}`],
        ["truncated", 1, 100, `raw.fills.${a(63)}`],
      ],
    ],
    [
      "postgres",
      "a multi-byte name cut before a partial character",
      `CREATE TABLE raw.${"é".repeat(32)} (id bigint);`,
      [["truncated", 1, 18, `raw.${"é".repeat(31)}`]],
    ],
    [
      "mysql",
      "a column of 65 characters",
      `CREATE TABLE fills (id bigint, ${a(65)} int);`,
      [["refused", 1, 32, `fills.${a(65)}`]],
    ],
    [
      "mysql",
      "a quoted column of 65 multi-byte characters",
      `CREATE TABLE fills (id bigint, \`${"価".repeat(65)}\` int);`,
      [["refused", 1, 32, `fills.${"価".repeat(65)}`]],
    ],
    [
      "mysql",
      "a quoted index name of 70 characters",
      `ALTER TABLE fills ADD INDEX \`idx_${b(66)}\` (id);`,
      [["refused", 1, 29, "fills"]],
    ],
    [
      "starrocks",
      "an index of 65 characters",
      `CREATE INDEX idx_${b(61)} ON demo.fills (id) USING BITMAP;`,
      [["refused", 1, 14, "demo.fills"]],
    ],
    [
      "starrocks",
      "a table name of 1025 characters",
      `CREATE TABLE demo.${a(1025)} (id bigint) ${STARROCKS_TAIL};`,
      [["refused", 1, 19, `demo.${a(1025)}`]],
    ],
    [
      "starrocks",
      "a database name of 257 characters",
      `CREATE DATABASE ${a(257)};`,
      [["refused", 1, 17, a(257)]],
    ],
  ] as const)("fails (%s): %s", async (dialect, _label, sql, expected) => {
    const history =
      dialect === "mysql"
        ? ["CREATE TABLE fills (id bigint);"]
        : dialect === "starrocks"
          ? [`CREATE TABLE demo.fills (id bigint) ${STARROCKS_TAIL};`]
          : [PG_TABLE];
    const findings = await lint(rule, sql, { dialect, history });
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.object])).toEqual(expected);
    for (const finding of findings) {
      expect(finding).toMatchObject({ rule: "limit-identifier-length", severity: "error" });
    }
  });

  it("says what PostgreSQL turns the name into and that names can collide", async () => {
    const [finding] = await lint(rule, `CREATE TABLE raw.fills (id bigint, ${a(60)}_price int);`);
    expect(finding?.message).toBe(
      `Column raw.fills.${a(60)}_price is 66 bytes long; the database keeps only the first 63 bytes and creates it as ${a(60)}_pr, and any other name with the same first 63 bytes becomes that same name.`,
    );
  });

  it("says that MySQL refuses the name, counted in characters", async () => {
    const [finding] = await lint(rule, `CREATE TABLE ${a(65)} (id bigint);`, { dialect: "mysql" });
    expect(finding?.message).toBe(
      `Table ${a(65)} is 65 characters long; the database refuses table names longer than 64 characters.`,
    );
  });

  it("says which kind of name StarRocks limits", async () => {
    const history = [`CREATE TABLE demo.fills (id bigint) ${STARROCKS_TAIL};`];
    const [finding] = await lint(rule, `CREATE INDEX ${a(65)} ON demo.fills (id) USING BITMAP;`, {
      dialect: "starrocks",
      history,
    });
    expect(finding?.message).toBe(
      `Index ${a(65)} on demo.fills is 65 characters long; the database refuses index names longer than 64 characters.`,
    );
  });
});
