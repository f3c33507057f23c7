import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-key-partition-columns.js";

const starrocks = (sql: string, history: string[] = []) =>
  lint(rule, sql, { dialect: "starrocks", defaultSchema: "demo", history });

const ORDERS =
  "CREATE TABLE orders (dt date NOT NULL, order_id bigint NOT NULL, amount int) PRIMARY KEY (dt, order_id) PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-01-01')) DISTRIBUTED BY HASH(order_id);";

describe("require-key-partition-columns", () => {
  it.each([
    ["a PRIMARY KEY table partitioned and bucketed by key columns", ORDERS],
    [
      "a DUPLICATE KEY table partitioned and bucketed by value columns",
      "CREATE TABLE events (id bigint, ts datetime, site int) DUPLICATE KEY(id) PARTITION BY date_trunc('day', ts) DISTRIBUTED BY HASH(site);",
    ],
    [
      "a table with no key clause and no aggregate column (DUPLICATE KEY by default)",
      "CREATE TABLE logs (site int, ts datetime) PARTITION BY RANGE(ts) () DISTRIBUTED BY HASH(ts);",
    ],
    [
      "an AGGREGATE KEY table bucketed by a key column",
      "CREATE TABLE visits (site int, day date, pv bigint SUM) AGGREGATE KEY(site, day) PARTITION BY RANGE(day) () DISTRIBUTED BY HASH(site);",
    ],
    [
      "a UNIQUE KEY table with random bucketing (no bucket columns to check)",
      "CREATE TABLE users (id bigint, name varchar(32)) UNIQUE KEY(id) DISTRIBUTED BY RANDOM;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await starrocks(sql)).toEqual([]);
  });

  it.each([
    [
      "a PRIMARY KEY table partitioned by a value column",
      "CREATE TABLE orders (order_id bigint NOT NULL, dt date NOT NULL, amount int) PRIMARY KEY (order_id) PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ('2024-01-01')) DISTRIBUTED BY HASH(order_id);",
      [["partitionNotKey", "demo.orders.dt"]],
    ],
    [
      "a PRIMARY KEY table partitioned by an expression over a value column",
      "CREATE TABLE orders (order_id bigint NOT NULL, ts datetime NOT NULL) PRIMARY KEY (order_id) PARTITION BY date_trunc('day', ts) DISTRIBUTED BY HASH(order_id);",
      [["partitionNotKey", "demo.orders.ts"]],
    ],
    [
      "a UNIQUE KEY table bucketed by a value column",
      "CREATE TABLE users (id bigint, name varchar(32)) UNIQUE KEY(id) DISTRIBUTED BY HASH(name);",
      [["bucketNotKey", "demo.users.name"]],
    ],
    [
      "an AGGREGATE KEY table partitioned and bucketed by its SUM column",
      "CREATE TABLE visits (site int, day date, pv bigint SUM) AGGREGATE KEY(site, day) PARTITION BY RANGE(pv) () DISTRIBUTED BY HASH(pv);",
      [
        ["partitionNotKey", "demo.visits.pv"],
        ["bucketNotKey", "demo.visits.pv"],
      ],
    ],
    [
      "a table whose aggregate column makes it AGGREGATE KEY without a key clause",
      "CREATE TABLE visits (site int, pv bigint SUM) DISTRIBUTED BY HASH(pv);",
      [["bucketNotKey", "demo.visits.pv"]],
    ],
  ])("fails: %s", async (_label, sql, expected) => {
    const findings = await starrocks(sql);
    expect(findings.map((f) => [f.messageId, f.object])).toEqual(expected);
    expect(findings.every((f) => f.rule === "require-key-partition-columns" && f.severity === "error")).toBe(
      true,
    );
    expect(findings.every((f) => f.line === 1 && f.column === 1)).toBe(true);
  });

  it("names the column, the table model and the consequence", async () => {
    const [finding] = await starrocks(
      "CREATE TABLE users (id bigint, name varchar(32)) UNIQUE KEY(id) DISTRIBUTED BY HASH(name);",
    );
    expect(finding!.message).toBe(
      "Bucket column name (DISTRIBUTED BY HASH) of UNIQUE KEY table demo.users is not a key column: the database refuses the statement.",
    );
  });

  it("checks a later change of the bucketing against the table's keys", async () => {
    const findings = await starrocks("\nALTER TABLE orders DISTRIBUTED BY HASH(amount) BUCKETS 8;", [ORDERS]);
    expect(findings.map((f) => [f.messageId, f.object, f.line, f.column])).toEqual([
      ["bucketNotKey", "demo.orders.amount", 2, 20],
    ]);
  });

  it("stays silent where tables have no models (PostgreSQL, MySQL)", async () => {
    const sql = "CREATE TABLE orders (id bigint PRIMARY KEY, dt date) PARTITION BY RANGE (dt);";
    expect(await lint(rule, sql)).toEqual([]);
    expect(
      await lint(
        rule,
        "CREATE TABLE orders (id bigint PRIMARY KEY, dt date) PARTITION BY HASH (dt) PARTITIONS 4;",
        {
          dialect: "mysql",
        },
      ),
    ).toEqual([]);
  });
});
