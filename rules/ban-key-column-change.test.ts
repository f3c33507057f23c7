import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-key-column-change.js";

const TABLES = [
  `CREATE TABLE orders (
  dt DATE NOT NULL,
  order_id BIGINT NOT NULL,
  state TINYINT NOT NULL,
  revenue INT NOT NULL,
  note VARCHAR(20)
) PRIMARY KEY (dt, order_id)
PARTITION BY date_trunc('day', dt)
DISTRIBUTED BY HASH(order_id)
ORDER BY (state, revenue);`,
  `CREATE TABLE events (
  event_time DATETIME NOT NULL,
  event_type INT NOT NULL,
  user_id INT,
  channel INT
) DUPLICATE KEY(event_time, event_type)
PARTITION BY date_trunc('day', event_time)
DISTRIBUTED BY HASH(user_id);`,
  "CREATE TABLE users (id BIGINT NOT NULL, name VARCHAR(20) NOT NULL, city VARCHAR(20)) UNIQUE KEY(id, name) DISTRIBUTED BY HASH(id);",
  "CREATE TABLE stats (site INT, day DATE, pv BIGINT SUM, last_ip VARCHAR(20) REPLACE) AGGREGATE KEY(site, day) DISTRIBUTED BY HASH(site);",
  "CREATE TABLE totals (site INT, day DATE, pv BIGINT SUM) AGGREGATE KEY(site, day) DISTRIBUTED BY HASH(site);",
  "CREATE TABLE accounts (code VARCHAR(10) NOT NULL, v INT) PRIMARY KEY(code) DISTRIBUTED BY HASH(code);",
  `CREATE TABLE grouped (code VARCHAR(10) NOT NULL, v INT) DUPLICATE KEY(code) DISTRIBUTED BY HASH(code)
PROPERTIES ("colocate_with" = "g1");`,
];

const starrocks = (sql: string, options: object = {}) =>
  lint(rule, sql, { dialect: "starrocks", history: TABLES, options });

describe("ban-key-column-change", () => {
  it.each([
    ["dropping a value column of a Primary Key table", "ALTER TABLE orders DROP COLUMN note;"],
    ["modifying a value column of a Primary Key table", "ALTER TABLE orders MODIFY COLUMN note VARCHAR(40);"],
    ["dropping a key column of a Duplicate Key table", "ALTER TABLE events DROP COLUMN event_type;"],
    [
      "modifying a key column of a Duplicate Key table",
      "ALTER TABLE events MODIFY COLUMN event_type BIGINT KEY NOT NULL;",
    ],
    ["restating a bucket column unchanged", "ALTER TABLE events MODIFY COLUMN user_id INT COMMENT 'who';"],
    ["renaming a partition column (3.3.2+)", "ALTER TABLE events RENAME COLUMN event_time TO ts;"],
    ["dropping a value column of a Unique Key table", "ALTER TABLE users DROP COLUMN city;"],
    ["dropping a key column of an Aggregate table without REPLACE", "ALTER TABLE totals DROP COLUMN day;"],
    ["re-bucketing (3.2+)", "ALTER TABLE events DISTRIBUTED BY HASH(event_time, user_id);"],
    ["a table whose layout is unknown", "ALTER TABLE loaded_elsewhere DROP COLUMN dt;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await starrocks(sql)).toEqual([]);
  });

  it.each([
    [
      "dropping a Primary Key table's key column",
      "ALTER TABLE orders DROP COLUMN order_id;",
      "dropped",
      "orders.order_id",
      "a key column of a Primary Key table",
    ],
    [
      "dropping a Primary Key table's sort column",
      "ALTER TABLE orders DROP COLUMN state;",
      "dropped",
      "orders.state",
      "a sort key (ORDER BY) column of a Primary Key table",
    ],
    [
      "modifying a Primary Key table's key column, even unchanged",
      "ALTER TABLE orders MODIFY COLUMN order_id BIGINT NOT NULL;",
      "modified",
      "orders.order_id",
      "a key column of a Primary Key table: the database cannot modify it (BIGINT restated)",
    ],
    [
      "modifying a Primary Key table's sort column",
      "ALTER TABLE orders MODIFY COLUMN revenue BIGINT NOT NULL;",
      "modified",
      "orders.revenue",
      "a sort key (ORDER BY) column of a Primary Key table: the database cannot modify it (INT to BIGINT)",
    ],
    [
      "dropping a partition column",
      "ALTER TABLE events DROP COLUMN event_time;",
      "dropped",
      "events.event_time",
      "a partition column",
    ],
    [
      "dropping a bucket column",
      "ALTER TABLE events DROP COLUMN user_id;",
      "dropped",
      "events.user_id",
      "a bucket column (DISTRIBUTED BY HASH)",
    ],
    [
      "modifying a bucket column",
      "ALTER TABLE events MODIFY COLUMN user_id BIGINT;",
      "modified",
      "events.user_id",
      "a bucket column (DISTRIBUTED BY HASH): the database cannot modify it (INT to BIGINT)",
    ],
    [
      "modifying a partition column",
      "ALTER TABLE events MODIFY COLUMN event_time DATE KEY NOT NULL;",
      "modified",
      "events.event_time",
      "a partition column: the database cannot modify it (DATETIME to DATE)",
    ],
    [
      "making a bucket column NOT NULL",
      "ALTER TABLE events MODIFY COLUMN user_id INT NOT NULL;",
      "modified",
      "events.user_id",
      "(NULL to NOT NULL)",
    ],
    [
      "dropping a Unique Key table's key column",
      "ALTER TABLE users DROP COLUMN name;",
      "dropped",
      "users.name",
      "a key column of a Unique Key table",
    ],
    [
      "dropping an Aggregate key column while a value column uses REPLACE",
      "ALTER TABLE stats DROP COLUMN day;",
      "dropped",
      "stats.day",
      "a key column of an Aggregate table whose value columns include REPLACE",
    ],
    [
      "lengthening a VARCHAR key column by default",
      "ALTER TABLE accounts MODIFY COLUMN code VARCHAR(20) NOT NULL;",
      "modified",
      "accounts.code",
      "(VARCHAR(10) to VARCHAR(20))",
    ],
  ])("fails: %s", async (_label, sql, messageId, object, message) => {
    const findings = await starrocks(sql);
    // The clause after "ALTER TABLE <name> ".
    const column = "ALTER TABLE ".length + object.split(".")[0]!.length + 2;
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-key-column-change",
        messageId,
        severity: "error",
        line: 1,
        column,
        object,
      }),
    ]);
    expect(findings[0]!.message).toContain(message);
  });

  it("reports a table created earlier in the same file: the layout is fixed from creation", async () => {
    const findings = await lint(
      rule,
      "CREATE TABLE fills (id BIGINT NOT NULL, px DOUBLE) PRIMARY KEY(id) DISTRIBUTED BY HASH(id);\nALTER TABLE fills DROP COLUMN id;",
      { dialect: "starrocks" },
    );
    expect(findings.map((f) => [f.messageId, f.line, f.object])).toEqual([["dropped", 2, "fills.id"]]);
  });

  describe("allowVarcharWidening", () => {
    it("passes a longer VARCHAR on a key or bucket column", async () => {
      expect(
        await starrocks("ALTER TABLE accounts MODIFY COLUMN code VARCHAR(20) NOT NULL;", {
          allowVarcharWidening: true,
        }),
      ).toEqual([]);
    });

    it.each([
      ["a shorter VARCHAR", "ALTER TABLE accounts MODIFY COLUMN code VARCHAR(5) NOT NULL;", "accounts.code"],
      [
        "a longer VARCHAR on a colocated table",
        "ALTER TABLE grouped MODIFY COLUMN code VARCHAR(20) NOT NULL;",
        "grouped.code",
      ],
      ["another type change", "ALTER TABLE events MODIFY COLUMN user_id BIGINT;", "events.user_id"],
    ])("still fails: %s", async (_label, sql, object) => {
      const findings = await starrocks(sql, { allowVarcharWidening: true });
      expect(findings.map((f) => [f.messageId, f.object])).toEqual([["modified", object]]);
    });
  });

  it("stays silent where key columns can change (MySQL, PostgreSQL)", async () => {
    expect(
      await lint(rule, "ALTER TABLE t DROP COLUMN id;", {
        dialect: "mysql",
        history: ["CREATE TABLE t (id int PRIMARY KEY, v int);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE raw.t ALTER COLUMN id TYPE bigint;", {
        history: ["CREATE TABLE raw.t (id int PRIMARY KEY);"],
      }),
    ).toEqual([]);
  });
});
