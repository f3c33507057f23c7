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
    ["mysql", "a name of exactly 64 bytes", `CREATE TABLE fills (id bigint, ${a(64)} int);`],
    [
      "starrocks",
      "a name of exactly 64 bytes",
      `CREATE TABLE demo.fills (id bigint, ${a(64)} int) ${STARROCKS_TAIL};`,
    ],
  ] as const)("passes (%s): %s", async (dialect, _label, sql) => {
    const history = dialect === "postgres" ? [PG_TABLE, `CREATE TABLE raw.${b(70)} (id bigint);`] : [];
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
      "a column of 65 bytes",
      `CREATE TABLE fills (id bigint, ${a(65)} int);`,
      [["refused", 1, 32, `fills.${a(65)}`]],
    ],
    [
      "mysql",
      "a quoted index name of 70 bytes",
      `ALTER TABLE fills ADD INDEX \`idx_${b(66)}\` (id);`,
      [["refused", 1, 29, "fills"]],
    ],
    [
      "starrocks",
      "an index of 65 bytes",
      `CREATE INDEX idx_${b(61)} ON demo.fills (id) USING BITMAP;`,
      [["refused", 1, 14, "demo.fills"]],
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

  it("says that MySQL refuses the name", async () => {
    const [finding] = await lint(rule, `CREATE TABLE ${a(65)} (id bigint);`, { dialect: "mysql" });
    expect(finding?.message).toBe(
      `Table ${a(65)} is 65 bytes long; the database refuses names longer than 64 bytes.`,
    );
  });
});
