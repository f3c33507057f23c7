import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-online-ddl-options.js";

const TABLES = [
  `CREATE TABLE orders (
  id bigint NOT NULL,
  status enum('new','paid') NOT NULL,
  note text,
  score int,
  PRIMARY KEY (id)
);
CREATE TABLE owners (id bigint PRIMARY KEY);`,
];

const mysql = (sql: string, options: object = {}) =>
  lint(rule, sql, { dialect: "mysql", history: TABLES, options });

describe("require-online-ddl-options", () => {
  it.each([
    ["an instant ADD COLUMN", "ALTER TABLE orders ADD COLUMN venue varchar(8);"],
    ["an in-place secondary index", "CREATE INDEX by_score ON orders (score);"],
    [
      "an in-place index with ALGORITHM=INPLACE, LOCK=NONE",
      "ALTER TABLE orders ADD INDEX by_score (score), ALGORITHM=INPLACE, LOCK=NONE;",
    ],
    ["a type change that says ALGORITHM=COPY", "ALTER TABLE orders MODIFY score bigint, ALGORITHM=COPY;"],
    ["a type change that says LOCK=SHARED", "ALTER TABLE orders MODIFY score bigint, LOCK=SHARED;"],
    ["a type change that says LOCK=EXCLUSIVE", "ALTER TABLE orders MODIFY score bigint, LOCK=EXCLUSIVE;"],
    [
      "a type change on a table created in the same file",
      "CREATE TABLE fills (id int, qty int);\nALTER TABLE fills MODIFY qty bigint;",
    ],
    [
      "replacing the primary key in one statement (in place)",
      "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, score);",
    ],
    [
      "a FULLTEXT index that says LOCK=SHARED",
      "ALTER TABLE orders ADD FULLTEXT INDEX ft (note), ALGORITHM=INPLACE, LOCK=SHARED;",
    ],
    [
      "ALGORITHM=INSTANT on an instant ADD COLUMN",
      "ALTER TABLE orders ADD COLUMN venue int, ALGORITHM=INSTANT;",
    ],
    ["an operation the hooks do not settle", "ALTER TABLE orders ADD CONSTRAINT positive CHECK (score > 0);"],
    ["a MODIFY of a column the history never saw", "ALTER TABLE loaded_elsewhere MODIFY v bigint;"],
    [
      "a VIRTUAL generated column (instant)",
      "ALTER TABLE orders ADD COLUMN double_score int AS (score * 2);",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await mysql(sql)).toEqual([]);
  });

  it.each([
    [
      "a type change without ALGORITHM/LOCK",
      "ALTER TABLE orders MODIFY score bigint;",
      "copiesTable",
      "warning",
      1,
      27,
      "Changing column score from int to bigint on orders copies the whole table",
    ],
    [
      "dropping the primary key alone",
      "ALTER TABLE orders\n  DROP PRIMARY KEY;",
      "copiesTable",
      "warning",
      2,
      3,
      "Dropping the primary key on orders copies the whole table",
    ],
    [
      "CONVERT TO CHARACTER SET",
      "ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4;",
      "copiesTable",
      "warning",
      1,
      20,
      "Converting the table to character set utf8mb4 on orders copies the whole table",
    ],
    [
      "an ENUM member removed",
      "ALTER TABLE orders MODIFY status enum('new') NOT NULL;",
      "copiesTable",
      "warning",
      1,
      27,
      "Changing column status from enum('new','paid') to enum('new') on orders",
    ],
    [
      "a column's character set changed",
      "ALTER TABLE orders MODIFY note text CHARACTER SET latin1;",
      "copiesTable",
      "warning",
      1,
      27,
      "Changing the character set of column note to latin1 on orders copies the whole table",
    ],
    [
      "AUTO_INCREMENT added to a column",
      "ALTER TABLE orders MODIFY id bigint NOT NULL AUTO_INCREMENT;",
      "copiesTable",
      "warning",
      1,
      27,
      "Adding AUTO_INCREMENT on column id on orders copies the whole table",
    ],
    [
      "an enforced foreign key (foreign_key_checks on)",
      "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (score) REFERENCES owners (id);",
      "copiesTable",
      "warning",
      1,
      24,
      "Adding a foreign key constraint fk on orders",
    ],
    [
      "a STORED generated column, computed for every row",
      "ALTER TABLE orders ADD COLUMN double_score int AS (score * 2) STORED;",
      "copiesTable",
      "warning",
      1,
      31,
      "Adding column double_score on orders copies the whole table",
    ],
    [
      "the slowest operation of a statement decides",
      "ALTER TABLE orders ADD COLUMN venue int, MODIFY score bigint;",
      "copiesTable",
      "warning",
      1,
      49,
      "Changing column score",
    ],
    [
      "a FULLTEXT index without LOCK",
      "ALTER TABLE orders ADD FULLTEXT INDEX ft (note);",
      "blocksWrites",
      "warning",
      1,
      24,
      "Adding FULLTEXT index ft on orders runs in place but other sessions cannot write",
    ],
    [
      "ALGORITHM=INPLACE on a type change",
      "ALTER TABLE orders MODIFY score bigint, ALGORITHM=INPLACE;",
      "algorithmRefused",
      "error",
      1,
      41,
      "Changing column score from int to bigint on orders cannot run with ALGORITHM=INPLACE (it needs ALGORITHM=COPY)",
    ],
    [
      "ALGORITHM=INSTANT on an index",
      "CREATE INDEX by_score ON orders (score) ALGORITHM=INSTANT;",
      "algorithmRefused",
      "error",
      1,
      1,
      "Adding index by_score on orders cannot run with ALGORITHM=INSTANT (it needs ALGORITHM=INPLACE)",
    ],
    [
      "LOCK=NONE on a copy",
      "ALTER TABLE orders DROP PRIMARY KEY, LOCK=NONE;",
      "lockRefused",
      "error",
      1,
      38,
      "Dropping the primary key on orders cannot run with LOCK=NONE",
    ],
    [
      "LOCK=NONE on a FULLTEXT index",
      "ALTER TABLE orders ADD FULLTEXT INDEX ft (note), LOCK=NONE;",
      "lockRefused",
      "error",
      1,
      50,
      "Adding FULLTEXT index ft on orders cannot run with LOCK=NONE",
    ],
  ])("fails: %s", async (_label, sql, messageId, severity, line, column, message) => {
    const findings = await mysql(sql);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "require-online-ddl-options",
        messageId,
        severity,
        line,
        column,
        object: "orders",
      }),
    ]);
    expect(findings[0]!.message).toContain(message);
  });

  it("refuses an impossible ALGORITHM even on a table created in the same file", async () => {
    const findings = await mysql(
      "CREATE TABLE fills (id int, qty int);\nALTER TABLE fills MODIFY qty bigint, ALGORITHM=INPLACE;",
    );
    expect(findings.map((f) => [f.messageId, f.severity, f.line, f.column, f.object])).toEqual([
      ["algorithmRefused", "error", 2, 38, "fills"],
    ]);
  });

  it("reports each statement once, at its slowest operation", async () => {
    const findings = await mysql(
      "ALTER TABLE orders MODIFY score bigint, MODIFY note mediumtext;\nALTER TABLE owners DROP PRIMARY KEY;",
    );
    expect(findings.map((f) => [f.messageId, f.line, f.object])).toEqual([
      ["copiesTable", 1, "orders"],
      ["copiesTable", 2, "owners"],
    ]);
  });

  it("leaves blocking in-place operations alone with requireForBlockingInplace: false", async () => {
    expect(
      await mysql("ALTER TABLE orders ADD FULLTEXT INDEX ft (note);", { requireForBlockingInplace: false }),
    ).toEqual([]);
    // A refused LOCK=NONE is still an error.
    const refused = await mysql("ALTER TABLE orders ADD FULLTEXT INDEX ft (note), LOCK=NONE;", {
      requireForBlockingInplace: false,
    });
    expect(refused.map((f) => f.messageId)).toEqual(["lockRefused"]);
  });

  it("stays silent on dialects without online DDL options (PostgreSQL, StarRocks)", async () => {
    expect(
      await lint(rule, "ALTER TABLE raw.t ALTER COLUMN v TYPE bigint;", {
        history: ["CREATE TABLE raw.t (v int);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE t MODIFY COLUMN v BIGINT;", {
        dialect: "starrocks",
        history: ["CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k);"],
      }),
    ).toEqual([]);
  });
});
