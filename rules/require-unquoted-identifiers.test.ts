import { describe, expect, it } from "vitest";
import { lint, summarize } from "../test/helpers/rule-harness.js";
import rule from "./require-unquoted-identifiers.js";

const PG_TABLE = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric);";
const MYSQL_TABLE = "CREATE TABLE trades (id bigint PRIMARY KEY, price decimal(18, 6));";

describe("require-unquoted-identifiers", () => {
  it.each([
    [
      "postgres",
      "names written in any case without quotes (PostgreSQL folds them)",
      "CREATE TABLE Raw.Fills (ID int, Venue text);",
    ],
    ["postgres", "a quoted name already in lower case", 'CREATE TABLE raw."fills" ("id" int);'],
    [
      "postgres",
      "non-ASCII letters, digits and dollar signs",
      "CREATE TABLE raw.échanges (prix_1 numeric, a$b int);",
    ],
    [
      "postgres",
      "a reserved word (ban-reserved-words says that)",
      'ALTER TABLE raw.trades ADD COLUMN "order" int;',
    ],
    [
      "postgres",
      "a mixed-case name only referred to, not given",
      'ALTER TABLE raw."LoadedByFivetran" ADD COLUMN note text;',
    ],
    [
      "mysql",
      "mixed case (MySQL keeps it; no quotes needed)",
      "CREATE TABLE Fills (Id int, `VenueCode` varchar(8));",
    ],
    ["mysql", "a leading digit (MySQL reads 1st_fills as a name)", "CREATE TABLE 1st_fills (id int);"],
    ["starrocks", "mixed case", "CREATE TABLE Fills (Id bigint) DUPLICATE KEY(Id) DISTRIBUTED BY HASH(Id);"],
  ] as const)("passes (%s): %s", async (dialect, _label, sql) => {
    const history = dialect === "postgres" ? [PG_TABLE] : dialect === "mysql" ? [MYSQL_TABLE] : [];
    expect(await lint(rule, sql, { dialect, history })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "a quoted mixed-case table",
      'CREATE TABLE raw."Orders_Data" (id int);',
      [["foldsCase", 1, 1, "raw.Orders_Data"]],
    ],
    [
      "postgres",
      "quoted upper-case columns, each on its own",
      'CREATE TABLE raw.fills (id int, "Venue" text,\n  "PRICE" numeric);',
      [
        ["foldsCase", 1, 33, "raw.fills.Venue"],
        ["foldsCase", 2, 3, "raw.fills.PRICE"],
      ],
    ],
    [
      "postgres",
      "a name with a space",
      'ALTER TABLE raw.trades ADD COLUMN "trade date" date;',
      [["notPlain", 1, 35, "raw.trades.trade date"]],
    ],
    [
      "postgres",
      "a leading digit",
      'CREATE INDEX "1st_trades" ON raw.trades (id);',
      [["notPlain", 1, 1, "raw.trades"]],
    ],
    [
      "postgres",
      "a rename to a mixed-case name",
      'ALTER TABLE raw.trades RENAME COLUMN price TO "Price";',
      [["foldsCase", 1, 1, "raw.trades.Price"]],
    ],
    ["postgres", "a quoted mixed-case schema", 'CREATE SCHEMA "Staging";', [["foldsCase", 1, 1, "Staging"]]],
    [
      "mysql",
      "a name with a space",
      "CREATE TABLE `order details` (id int);",
      [["notPlain", 1, 1, "order details"]],
    ],
    [
      "mysql",
      "a name with a hyphen",
      "ALTER TABLE trades ADD COLUMN `fill-price` decimal(18, 6);",
      [["notPlain", 1, 31, "trades.fill-price"]],
    ],
    [
      "starrocks",
      "a name with a dot",
      "CREATE TABLE `fills.v2` (id bigint) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      [["notPlain", 1, 1, "fills.v2"]],
    ],
  ] as const)("fails (%s): %s", async (dialect, _label, sql, expected) => {
    const history = dialect === "postgres" ? [PG_TABLE] : dialect === "mysql" ? [MYSQL_TABLE] : [];
    const findings = await lint(rule, sql, { dialect, history });
    expect(summarize(findings).map((f) => [f.messageId, f.line, f.column, f.object])).toEqual(expected);
    for (const finding of findings) expect(finding.severity).toBe("warning");
  });

  it("says what every reader must write", async () => {
    const [folds] = await lint(rule, 'CREATE TABLE raw."Orders_Data" (id int);');
    expect(folds?.message).toBe(
      'Table raw.Orders_Data is named with capitals in quotes: every query, view and dbt model must write "Orders_Data", quotes and case exactly, since an unquoted Orders_Data means orders_data.',
    );
    const [spaced] = await lint(rule, "CREATE TABLE `order details` (id int);", { dialect: "mysql" });
    expect(spaced?.message).toBe(
      "Table order details has a name that is no plain identifier: every query, view and dbt model must write it in quotes, as `order details`.",
    );
    const [constraint] = await lint(
      rule,
      'ALTER TABLE raw.trades ADD CONSTRAINT "price not negative" CHECK (price >= 0);',
      { history: [PG_TABLE] },
    );
    expect(constraint?.message).toBe(
      'Check constraint price not negative on raw.trades has a name that is no plain identifier: every statement that names it must write it in quotes, as "price not negative".',
    );
  });
});
