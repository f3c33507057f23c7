import { describe, expect, it } from "vitest";
import { SchematicError } from "../src/errors.js";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./enforce-naming-convention.js";

const HISTORY = [
  "CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric, venue text);",
  "CREATE TABLE raw.users (id bigint PRIMARY KEY, email text);",
];
const STARROCKS_TAIL = "DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1";

describe("enforce-naming-convention", () => {
  it.each([
    [
      "names that follow every default",
      `CREATE TABLE raw.fills (
  id bigint CONSTRAINT pk_fills PRIMARY KEY,
  trade_id bigint CONSTRAINT fk_fills_trades REFERENCES raw.trades (id),
  qty int CONSTRAINT ck_fills_qty_positive CHECK (qty > 0),
  CONSTRAINT uq_fills_trade_id_qty UNIQUE (trade_id, qty)
);
CREATE INDEX idx_fills_trade_id ON raw.fills (trade_id);`,
    ],
    [
      "unnamed constraints and indexes",
      "CREATE TABLE raw.fills (id bigint PRIMARY KEY, trade_id bigint REFERENCES raw.trades (id) UNIQUE);\nCREATE INDEX ON raw.fills (trade_id);",
    ],
    [
      "an expression index leaves {columns} open",
      "CREATE INDEX idx_users_lower_email ON raw.users (lower(email));",
    ],
    ["a unique index", "CREATE UNIQUE INDEX uq_users_email ON raw.users (email);"],
    [
      "two foreign keys to the same table, told apart by a suffix",
      `CREATE TABLE raw.transfers (id bigint, from_id bigint, to_id bigint,
  CONSTRAINT fk_transfers_users_from FOREIGN KEY (from_id) REFERENCES raw.users (id),
  CONSTRAINT fk_transfers_users_to FOREIGN KEY (to_id) REFERENCES raw.users (id));`,
    ],
    ["names compared without regard to case", 'CREATE INDEX "IDX_trades_price" ON raw.trades (price);'],
    [
      "an expected name longer than the limit, cut by the parser",
      `CREATE TABLE raw.${"t".repeat(40)} (${"c".repeat(30)} int);\nCREATE INDEX idx_${"t".repeat(40)}_${"c".repeat(30)} ON raw.${"t".repeat(40)} (${"c".repeat(30)});`,
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([]);
  });

  it.each([
    [
      "a quoted CamelCase table",
      'CREATE TABLE raw."OrderItems" (id bigint);',
      "tableName",
      1,
      1,
      "raw.OrderItems",
      "Table raw.OrderItems does not match the table name pattern ^[a-z][a-z0-9_]*$: expected order_items.",
    ],
    [
      "a quoted camelCase column",
      'ALTER TABLE raw.trades ADD COLUMN "tradeDate" date;',
      "columnName",
      1,
      35,
      "raw.trades.tradeDate",
      undefined,
    ],
    [
      "a rename into a bad column name",
      'ALTER TABLE raw.trades RENAME COLUMN venue TO "Venue";',
      "columnName",
      1,
      1,
      "raw.trades.Venue",
      undefined,
    ],
    [
      "an index",
      "CREATE INDEX trades_price_idx ON raw.trades (price);",
      "objectName",
      1,
      1,
      "raw.trades",
      "Index trades_price_idx on raw.trades does not follow the naming template idx_{table}_{columns}: expected idx_trades_price.",
    ],
    [
      "a two-column index",
      "CREATE INDEX idx_trades ON raw.trades (venue, price);",
      "objectName",
      1,
      1,
      "raw.trades",
      "Index idx_trades on raw.trades does not follow the naming template idx_{table}_{columns}: expected idx_trades_venue_price.",
    ],
    [
      "a unique index",
      "CREATE UNIQUE INDEX idx_users_email ON raw.users (email);",
      "objectName",
      1,
      1,
      "raw.users",
      "Unique index idx_users_email on raw.users does not follow the naming template uq_{table}_{columns}: expected uq_users_email.",
    ],
    [
      "a primary key",
      "\nALTER TABLE raw.fills ADD CONSTRAINT fills_pkey PRIMARY KEY (id);",
      "objectName",
      2,
      27,
      "raw.fills",
      "Primary key fills_pkey on raw.fills does not follow the naming template pk_{table}: expected pk_fills.",
    ],
    [
      "a foreign key",
      "ALTER TABLE raw.fills ADD CONSTRAINT fills_trade_fk FOREIGN KEY (trade_id) REFERENCES raw.trades (id);",
      "objectName",
      1,
      27,
      "raw.fills",
      "Foreign key fills_trade_fk on raw.fills does not follow the naming template fk_{table}_{ref_table}: expected fk_fills_trades.",
    ],
    [
      "a check constraint",
      "ALTER TABLE raw.fills ADD CONSTRAINT positive_qty CHECK (trade_id > 0);",
      "objectName",
      1,
      27,
      "raw.fills",
      "Check constraint positive_qty on raw.fills does not follow the naming template ck_{table}_{any}: expected ck_fills_*.",
    ],
    [
      "two foreign keys to the same table, one without a suffix pattern",
      `CREATE TABLE raw.transfers (id bigint, from_id bigint, to_id bigint,
  CONSTRAINT fk_transfers_users_from FOREIGN KEY (from_id) REFERENCES raw.users (id),
  CONSTRAINT transfers_to_fk FOREIGN KEY (to_id) REFERENCES raw.users (id));`,
      "objectName",
      1,
      1,
      "raw.transfers",
      "Foreign key transfers_to_fk on raw.transfers does not follow the naming template fk_{table}_{ref_table}: expected fk_transfers_users (with a _suffix).",
    ],
  ])("fails: %s", async (_label, sql, messageId, line, column, object, message) => {
    const history = [...HISTORY, "CREATE TABLE raw.fills (id bigint, trade_id bigint);"];
    expect(await lint(rule, sql, { history })).toEqual([
      expect.objectContaining({
        rule: "enforce-naming-convention",
        severity: "warning",
        messageId,
        line,
        column,
        object,
        ...(message !== undefined && { message }),
      }),
    ]);
  });

  it("checks MySQL indexes and keys, but not the names MySQL gives unnamed ones", async () => {
    const sql =
      "CREATE TABLE orders (id bigint PRIMARY KEY, userId bigint, email varchar(64), KEY (email), KEY by_user (userId), UNIQUE KEY uq_orders_email (email));";
    const findings = await lint(rule, sql, { dialect: "mysql" });
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.message])).toEqual([
      [
        "columnName",
        1,
        45,
        "Column orders.userId does not match the column name pattern ^[a-z][a-z0-9_]*$: expected user_id.",
      ],
      [
        "objectName",
        1,
        92,
        "Index by_user on orders does not follow the naming template idx_{table}_{columns}: expected idx_orders_userId.",
      ],
    ]);
  });

  it("checks StarRocks tables and indexes", async () => {
    const sql = `CREATE TABLE demo.Fills (id bigint, venue varchar(8), INDEX venue_bitmap (venue) USING BITMAP) ${STARROCKS_TAIL};`;
    const findings = await lint(rule, sql, { dialect: "starrocks" });
    expect(findings.map((f) => [f.messageId, f.column, f.object])).toEqual([
      ["tableName", 1, "demo.Fills"],
      ["objectName", 55, "demo.Fills"],
    ]);
  });

  it.each([
    ["null turns a check off", { tables: null }, 'CREATE TABLE raw."OrderItems" (id bigint);', []],
    ["a custom table pattern", { tables: "^[a-z]+s$" }, "CREATE TABLE raw.fill (id bigint);", ["tableName"]],
    [
      "a custom index template",
      { index: "{table}_{columns}_idx" },
      "CREATE INDEX trades_price_idx ON raw.trades (price);\nCREATE INDEX idx_trades_venue ON raw.trades (venue);",
      ["objectName"],
    ],
    [
      "an index template with {any}",
      { index: "ix_{table}_{any}" },
      "CREATE INDEX ix_trades_by_price ON raw.trades (price);",
      [],
    ],
    [
      "a foreign key template with {columns} and {ref_columns}",
      { foreignKey: "fk_{table}_{columns}__{ref_table}_{ref_columns}" },
      "CREATE TABLE raw.fills (trade_id bigint CONSTRAINT fk_fills_trade_id__trades_id REFERENCES raw.trades (id));",
      [],
    ],
    [
      "a template set to null",
      { check: null },
      "ALTER TABLE raw.trades ADD CONSTRAINT positive CHECK (price > 0);",
      [],
    ],
  ])("option: %s", async (_label, options, sql, messageIds) => {
    const findings = await lint(rule, sql, { history: HISTORY, options });
    expect(findings.map((f) => f.messageId)).toEqual(messageIds);
  });

  it("refuses a pattern that is not a regular expression", async () => {
    await expect(
      lint(rule, "CREATE TABLE raw.fills (id bigint);", { options: { tables: "^[a-z" } }),
    ).rejects.toBeInstanceOf(SchematicError);
  });
});
