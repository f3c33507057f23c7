import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./limit-schema-changes-per-table.js";

const TABLES = [
  "CREATE TABLE trades (id BIGINT NOT NULL, qty INT, venue VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
  "CREATE TABLE quotes (id BIGINT NOT NULL, bid DOUBLE) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
  `CREATE TABLE fast (id BIGINT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id)
PROPERTIES ("fast_schema_evolution" = "true");`,
];

const starrocks = (sql: string, options: object = {}) =>
  lint(rule, sql, { dialect: "starrocks", history: TABLES, options });

describe("limit-schema-changes-per-table", () => {
  it.each([
    [
      "one ALTER with several column clauses (one job)",
      "ALTER TABLE trades ADD COLUMN side TINYINT, DROP COLUMN venue, MODIFY COLUMN qty BIGINT;",
    ],
    [
      "one job on each of two tables",
      "ALTER TABLE trades ADD COLUMN side TINYINT;\nALTER TABLE quotes ADD COLUMN ask DOUBLE;",
    ],
    [
      "a job and synchronous changes on the same table",
      'ALTER TABLE trades ADD COLUMN side TINYINT;\nALTER TABLE trades SET ("replication_num" = "1");\nALTER TABLE trades RENAME COLUMN venue TO market;\nALTER TABLE trades COMMENT = \'fills\';',
    ],
    [
      "value columns added and dropped with fast schema evolution",
      "ALTER TABLE fast ADD COLUMN w INT;\nALTER TABLE fast DROP COLUMN v;",
    ],
    [
      "a table dropped and created again between two jobs",
      "ALTER TABLE trades ADD COLUMN side TINYINT;\nDROP TABLE trades;\nCREATE TABLE trades (id BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);\nALTER TABLE trades ADD COLUMN side TINYINT;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await starrocks(sql)).toEqual([]);
  });

  it.each([
    [
      "two ALTERs adding columns",
      "ALTER TABLE trades ADD COLUMN side TINYINT;\nALTER TABLE trades ADD COLUMN fee DOUBLE;",
      [[2, 1, "2", "1"]],
    ],
    [
      "a MODIFY then a sort-key change",
      "ALTER TABLE trades MODIFY COLUMN qty BIGINT;\n\nALTER TABLE trades ORDER BY (id, qty, venue);",
      [[3, 1, "2", "1"]],
    ],
    [
      "three jobs: one finding for each after the first",
      "ALTER TABLE trades ADD COLUMN a INT;\nALTER TABLE trades ADD COLUMN b INT;\nALTER TABLE trades DISTRIBUTED BY HASH(id) BUCKETS 8;",
      [
        [2, 1, "2", "1"],
        [3, 1, "3", "1"],
      ],
    ],
    [
      "a table created in the same file, then changed twice",
      "CREATE TABLE fills (id BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);\nALTER TABLE fills ADD COLUMN px DOUBLE;\nALTER TABLE fills ADD COLUMN qty INT;",
      [[3, 1, "2", "2"]],
    ],
    [
      "a key column added with fast schema evolution is still a job",
      "ALTER TABLE fast ADD COLUMN k2 INT KEY;\nALTER TABLE fast MODIFY COLUMN v BIGINT;",
      [[2, 1, "2", "1"]],
    ],
  ])("fails: %s", async (_label, sql, expected) => {
    const findings = await starrocks(sql);
    expect(
      findings.map((f) => [
        f.line,
        f.column,
        f.message.match(/job (\d+)/)![1],
        f.message.match(/line (\d+)/)![1],
      ]),
    ).toEqual(expected);
    expect(
      findings.every((f) => f.rule === "limit-schema-changes-per-table" && f.severity === "warning"),
    ).toBe(true);
  });

  it("says that the runner serialises the jobs", async () => {
    const findings = await starrocks(
      "ALTER TABLE trades ADD COLUMN side TINYINT;\nALTER TABLE trades ADD COLUMN fee DOUBLE;",
    );
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: "severalJobs",
        object: "trades",
        message:
          "This is schema-change job 2 on trades in this migration (the first is on line 1): the database runs them one at a time and refuses a new one while another runs. Schematic's runner serialises them, waiting for each job to finish; other tools fail on this statement.",
      }),
    ]);
  });

  it("counts value-column additions as immediate with fastSchemaEvolution: true", async () => {
    const sql = "ALTER TABLE trades ADD COLUMN side TINYINT;\nALTER TABLE trades ADD COLUMN fee DOUBLE;";
    expect(await starrocks(sql, { fastSchemaEvolution: true })).toEqual([]);
    const modify = await starrocks(
      "ALTER TABLE trades MODIFY COLUMN qty BIGINT;\nALTER TABLE trades MODIFY COLUMN venue VARCHAR(40);",
      {
        fastSchemaEvolution: true,
      },
    );
    expect(modify.map((f) => f.line)).toEqual([2]);
  });

  it("stays silent where schema changes are synchronous (MySQL, PostgreSQL)", async () => {
    expect(
      await lint(rule, "ALTER TABLE t ADD a int;\nALTER TABLE t ADD b int;", {
        dialect: "mysql",
        history: ["CREATE TABLE t (k int);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE raw.t ADD a int;\nALTER TABLE raw.t ADD b int;", {
        history: ["CREATE TABLE raw.t (k int);"],
      }),
    ).toEqual([]);
  });
});
