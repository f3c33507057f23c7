import { describe, expect, it } from "vitest";
import type { ColumnDef } from "../../../src/sql/changes.js";
import type { DataType } from "../../../src/sql/data-type.js";
import { changesOf, columnsOf, mysql, spanTexts } from "./helpers.js";

const INT: DataType = { family: "integer", name: "int", raw: "int", bits: 32 };
const VARCHAR_10: DataType = { family: "string", name: "varchar", raw: "varchar(10)", length: 10 };

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]),
  );
}

describe("CREATE TABLE column attributes", () => {
  // node-sql-parser loses NOT NULL / DEFAULT / ON UPDATE in some orders for some grammars; MySQL takes
  // the attributes in any order, and so must we.
  const attributes = [
    "NOT NULL",
    "DEFAULT 'x'",
    "COMMENT 'c'",
    "COLLATE utf8mb4_bin",
    "CHARACTER SET utf8mb4",
  ];
  it.each(permutations(attributes).map((order) => [order.join(" ")]))("varchar(10) %s", (order) => {
    expect(columnsOf(`CREATE TABLE t (a varchar(10) ${order})`)).toEqual([
      {
        name: "a",
        type: VARCHAR_10,
        nullable: false,
        default: "'x'",
        comment: "c",
        charset: "utf8mb4",
        collation: "utf8mb4_bin",
      },
    ]);
  });

  const keyAttributes = ["NOT NULL", "AUTO_INCREMENT", "PRIMARY KEY", "COMMENT 'id'", "UNIQUE"];
  it.each(permutations(keyAttributes).map((order) => [order.join(" ")]))("int %s", (order) => {
    expect(changesOf(`CREATE TABLE t (id int ${order})`)).toEqual([
      {
        kind: "create_table",
        ifNotExists: false,
        table: {
          name: { name: "t" },
          columns: [{ name: "id", type: INT, nullable: false, autoIncrement: true, comment: "id" }],
          constraints: [{ kind: "primary_key", columns: ["id"] }],
        },
      },
      // In MySQL a UNIQUE constraint is a unique index, named after the column.
      {
        kind: "create_index",
        index: { name: "id", table: { name: "t" }, columns: ["id"], unique: true },
        ifNotExists: false,
      },
    ]);
  });

  it.each<[string, Partial<ColumnDef>]>([
    ["a int NULL DEFAULT NULL", { nullable: true, default: "NULL" }],
    ["a int DEFAULT -1 NOT NULL", { nullable: false, default: "-1" }],
    ["a int NOT NULL NULL", { nullable: true }], // the last one wins, as in MySQL
    ["a int KEY", { nullable: false }], // KEY alone means PRIMARY KEY in a column definition
    ["a bit(1) DEFAULT b'0'", { default: "b'0'" }],
    ["a varchar(10) DEFAULT _utf8mb4'x' NOT NULL", { nullable: false, default: "_utf8mb4'x'" }],
    [
      "a timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)",
      { nullable: false, default: "CURRENT_TIMESTAMP(6)" },
    ],
    ["a timestamp ON UPDATE CURRENT_TIMESTAMP DEFAULT NOW() NOT NULL", { nullable: false, default: "NOW()" }],
    ["a char(36) DEFAULT (uuid()) NOT NULL", { nullable: false, default: "(uuid())", volatileDefault: true }],
    ["a double DEFAULT (rand() * 10)", { default: "(rand() * 10)", volatileDefault: true }],
    ["a json DEFAULT (JSON_ARRAY())", { default: "(JSON_ARRAY())" }],
    [
      "a int GENERATED ALWAYS AS (b + 1) STORED NOT NULL",
      { nullable: false, generated: { storage: "stored", expression: "b + 1" } },
    ],
    ["a int AS (b * 2) VIRTUAL", { generated: { storage: "virtual", expression: "b * 2" } }],
    ["a int AS (b * 2)", { generated: { storage: "virtual", expression: "b * 2" } }],
    ["a int AS (b * 2) PERSISTENT", { generated: { storage: "stored", expression: "b * 2" } }],
    ["a int INVISIBLE NOT NULL", { nullable: false }],
    ["a varchar(10) BINARY NOT NULL", { nullable: false }],
    ["a int NOT NULL COLUMN_FORMAT FIXED STORAGE DISK", { nullable: false }],
    ["a point NOT NULL SRID 4326", { nullable: false }],
  ])("%s", (definition, expected) => {
    const [column] = columnsOf(`CREATE TABLE t (${definition})`);
    expect(column).toMatchObject({ name: "a", ...expected });
    if (expected.volatileDefault === undefined) expect(column!.volatileDefault).toBeUndefined();
  });

  it("SERIAL and SERIAL DEFAULT VALUE are NOT NULL AUTO_INCREMENT UNIQUE", () => {
    const [created, ...indexes] = changesOf("CREATE TABLE t (id SERIAL, n int SERIAL DEFAULT VALUE)");
    expect(created).toMatchObject({
      table: {
        columns: [
          {
            name: "id",
            nullable: false,
            autoIncrement: true,
            type: { family: "integer", bits: 64, unsigned: true },
          },
          { name: "n", nullable: false, autoIncrement: true, type: { family: "integer", bits: 32 } },
        ],
        constraints: [],
      },
    });
    expect(indexes).toEqual(
      ["id", "n"].map((name) => ({
        kind: "create_index",
        index: { name, table: { name: "t" }, columns: [name], unique: true },
        ifNotExists: false,
      })),
    );
  });

  it("an unknown attribute makes the statement not understood rather than skipped", () => {
    const parsed = mysql.parse("CREATE TABLE t (a int NOT NULL FROBNICATE)");
    expect(parsed.statements).toEqual([]);
    expect(parsed.errors).toEqual([
      expect.objectContaining({
        message: 'Not valid MySQL: unexpected column attribute for a, found "FROBNICATE".',
        offset: 31,
      }),
    ]);
  });
});

describe("CREATE TABLE constraints and indexes (UNIQUE is a unique index in MySQL)", () => {
  it("records inline REFERENCES as an informational foreign key (MySQL parses and ignores it)", () => {
    const [created] = changesOf(
      "CREATE TABLE t (a int REFERENCES u(id) ON DELETE CASCADE, b int NOT NULL REFERENCES db.v)",
    );
    expect(created).toMatchObject({
      table: {
        columns: [
          { name: "a", nullable: true },
          { name: "b", nullable: false },
        ],
        constraints: [
          {
            kind: "foreign_key",
            columns: ["a"],
            references: { table: { name: "u" }, columns: ["id"], onDelete: "cascade" },
            informational: true,
          },
          {
            kind: "foreign_key",
            columns: ["b"],
            references: { table: { schema: "db", name: "v" }, columns: [] },
            informational: true,
          },
        ],
      },
    });
  });

  it("normalises table-level constraints and turns plain indexes into create_index changes", () => {
    const sql = `CREATE TABLE orders (
      id int NOT NULL AUTO_INCREMENT,
      customer_id int NOT NULL,
      code varchar(10),
      body text,
      PRIMARY KEY (id),
      CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON UPDATE SET NULL ON DELETE NO ACTION,
      UNIQUE KEY orders_code_uk (code),
      CONSTRAINT uq2 UNIQUE (customer_id, code),
      UNIQUE (body(20)),
      KEY orders_customer_idx (customer_id),
      INDEX (code DESC),
      FULLTEXT KEY orders_body_ft (body),
      CONSTRAINT positive CHECK (id > 0),
      CHECK (customer_id <> 0) NOT ENFORCED
    ) ENGINE=InnoDB AUTO_INCREMENT=10 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='all orders'`;
    expect(changesOf(sql)).toEqual([
      {
        kind: "create_table",
        ifNotExists: false,
        table: expect.objectContaining({
          constraints: [
            { kind: "primary_key", columns: ["id"] },
            {
              kind: "foreign_key",
              name: "orders_customer_fk",
              columns: ["customer_id"],
              references: {
                table: { name: "customers" },
                columns: ["id"],
                onUpdate: "set null",
                onDelete: "no action",
              },
            },
            { kind: "check", name: "positive", expression: "id > 0" },
            { kind: "check", expression: "customer_id <> 0" },
          ],
          properties: {
            engine: "InnoDB",
            auto_increment: "10",
            charset: "utf8mb4",
            collate: "utf8mb4_0900_ai_ci",
          },
          comment: "all orders",
        }),
      },
      {
        kind: "create_index",
        ifNotExists: false,
        index: { name: "orders_code_uk", table: { name: "orders" }, columns: ["code"], unique: true },
      },
      {
        kind: "create_index",
        ifNotExists: false,
        index: { name: "uq2", table: { name: "orders" }, columns: ["customer_id", "code"], unique: true },
      },
      {
        kind: "create_index",
        ifNotExists: false,
        index: { name: "body", table: { name: "orders" }, columns: ["body"], unique: true },
      },
      {
        kind: "create_index",
        ifNotExists: false,
        index: {
          name: "orders_customer_idx",
          table: { name: "orders" },
          columns: ["customer_id"],
          unique: false,
        },
      },
      {
        kind: "create_index",
        ifNotExists: false,
        index: { name: "code", table: { name: "orders" }, columns: ["code"], unique: false },
      },
      {
        kind: "create_index",
        ifNotExists: false,
        index: {
          name: "orders_body_ft",
          table: { name: "orders" },
          columns: ["body"],
          unique: false,
          method: "fulltext",
        },
      },
    ]);
  });

  it("places each change at the most specific source: the statement, or the index definition", () => {
    const sql = "CREATE TABLE t (a int NOT NULL, KEY ix (a) USING BTREE COMMENT 'k')";
    expect(spanTexts(sql)).toEqual([sql, "KEY ix (a) USING BTREE COMMENT 'k'"]);
    const [created] = mysql.parse(sql).statements[0]!.changes;
    if (created?.kind !== "create_table") throw new Error("expected create_table");
    expect(sql.slice(created.table.columns[0]!.span!.start, created.table.columns[0]!.span!.end)).toBe(
      "a int NOT NULL",
    );
  });
});

describe("CREATE TABLE forms", () => {
  it.each([
    {
      name: "IF NOT EXISTS with a qualified, quoted name",
      sql: "CREATE TABLE IF NOT EXISTS `shop`.`Order Items` (`key` int)",
      expected: {
        ifNotExists: true,
        table: {
          name: { schema: "shop", name: "Order Items" },
          columns: [{ name: "key", type: INT, nullable: true }],
          constraints: [],
        },
      },
    },
    {
      name: "TEMPORARY",
      sql: "CREATE TEMPORARY TABLE tmp (a int) ENGINE=MEMORY",
      expected: {
        ifNotExists: false,
        table: {
          name: { name: "tmp" },
          columns: [{ name: "a", type: INT, nullable: true }],
          constraints: [],
          properties: { engine: "MEMORY" },
          temporary: true,
        },
      },
    },
    {
      name: "LIKE",
      sql: "CREATE TABLE t2 LIKE t1",
      expected: {
        ifNotExists: false,
        table: { name: { name: "t2" }, columns: [], constraints: [], columnsUnknown: true },
      },
    },
    {
      name: "(LIKE …)",
      sql: "CREATE TABLE t2 (LIKE t1)",
      expected: {
        ifNotExists: false,
        table: { name: { name: "t2" }, columns: [], constraints: [], columnsUnknown: true },
      },
    },
    {
      name: "AS SELECT",
      sql: "CREATE TABLE t3 AS SELECT * FROM t1",
      expected: {
        ifNotExists: false,
        table: { name: { name: "t3" }, columns: [], constraints: [], columnsUnknown: true },
      },
    },
    {
      name: "columns and then a SELECT",
      sql: "CREATE TABLE t4 (id int PRIMARY KEY) ENGINE=InnoDB IGNORE SELECT id, name FROM t1",
      expected: {
        ifNotExists: false,
        table: {
          name: { name: "t4" },
          columns: [{ name: "id", type: INT, nullable: false }],
          constraints: [{ kind: "primary_key", columns: ["id"] }],
          properties: { engine: "InnoDB" },
          columnsUnknown: true,
        },
      },
    },
    {
      name: "MariaDB's CREATE OR REPLACE",
      sql: "CREATE OR REPLACE TABLE t (a int)",
      expected: {
        ifNotExists: false,
        orReplace: true,
        table: { name: { name: "t" }, columns: [{ name: "a", type: INT, nullable: true }], constraints: [] },
      },
    },
  ])("$name", ({ sql, expected }) => {
    expect(changesOf(sql)).toEqual([{ kind: "create_table", ...expected }]);
  });

  it.each([
    {
      sql: "CREATE TABLE p (id int, d date) PARTITION BY RANGE COLUMNS(d) (PARTITION p0 VALUES LESS THAN ('2020-01-01'), PARTITION pmax VALUES LESS THAN MAXVALUE)",
      partitioning: { kind: "range", columns: ["d"] },
      partitions: ["p0", "pmax"],
    },
    {
      sql: "CREATE TABLE p (id int, created datetime) PARTITION BY RANGE (YEAR(created)) (PARTITION p2020 VALUES LESS THAN (2021))",
      partitioning: { kind: "range", columns: ["created"], expression: "YEAR(created)" },
      partitions: ["p2020"],
    },
    {
      sql: "CREATE TABLE p (id int, region int) PARTITION BY LIST (region) (PARTITION pa VALUES IN (1, 2), PARTITION pb VALUES IN (3))",
      partitioning: { kind: "list", columns: ["region"] },
      partitions: ["pa", "pb"],
    },
    {
      sql: "CREATE TABLE p (id int) PARTITION BY LINEAR HASH (id) PARTITIONS 4",
      partitioning: { kind: "hash", columns: ["id"] },
      partitions: [],
    },
    {
      sql: "CREATE TABLE p (id int PRIMARY KEY) PARTITION BY KEY () PARTITIONS 2",
      partitioning: { kind: "hash", columns: [] },
      partitions: [],
    },
    {
      sql: "CREATE TABLE p (id int, b int) PARTITION BY KEY ALGORITHM=2 (id, b) PARTITIONS 2",
      partitioning: { kind: "hash", columns: ["id", "b"] },
      partitions: [],
    },
  ])("$sql", ({ sql, partitioning, partitions }) => {
    const changes = changesOf(sql);
    expect(changes[0]).toMatchObject({ kind: "create_table", table: { partitioning } });
    expect(changes.slice(1)).toEqual(
      partitions.map((partition) => ({ kind: "add_partition", table: { name: "p" }, partition })),
    );
  });

  it("reads a mysqldump table with executable comments", () => {
    const sql = `/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE \`t\` (
  \`id\` int NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
/*!50100 PARTITION BY HASH (\`id\`)
PARTITIONS 2 */;`;
    expect(changesOf(sql).map((change) => change.kind)).toEqual(["set_option", "set_option", "create_table"]);
    expect(changesOf(sql)[2]).toMatchObject({
      table: {
        partitioning: { kind: "hash", columns: ["id"] },
        properties: { engine: "InnoDB", charset: "utf8mb4" },
      },
    });
  });
});
