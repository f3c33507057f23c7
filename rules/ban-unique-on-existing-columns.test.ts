import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-unique-on-existing-columns.js";

const HISTORIES = {
  postgres: [
    "CREATE TABLE app.users (id bigint PRIMARY KEY, email text, login text, tenant int);\nCREATE UNIQUE INDEX users_login_key ON app.users (login);",
  ],
  mysql: ["CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255), tenant int);"],
};
const options = (dialect: keyof typeof HISTORIES) => ({
  dialect,
  history: HISTORIES[dialect],
  defaultSchema: "app",
});

describe("ban-unique-on-existing-columns", () => {
  it.each([
    ["postgres", "ALTER TABLE app.users ADD COLUMN external_id uuid UNIQUE;"],
    [
      "postgres",
      "ALTER TABLE app.users ADD COLUMN code text;\nCREATE UNIQUE INDEX users_code_key ON app.users (code);",
    ],
    [
      "postgres",
      "CREATE TABLE app.teams (id int, name text);\nALTER TABLE app.teams ADD CONSTRAINT teams_name_key UNIQUE (name);",
    ],
    ["postgres", "ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;"],
    // A full unique key on a subset already holds: no two rows can collide.
    ["postgres", "CREATE UNIQUE INDEX users_tenant_id_key ON app.users (tenant, id);"],
    ["postgres", "DROP INDEX app.users_login_key;\nCREATE UNIQUE INDEX users_login_uq ON app.users (login);"],
    ["postgres", "CREATE UNIQUE INDEX IF NOT EXISTS users_login_key ON app.users (login);"],
    ["postgres", "CREATE INDEX users_email_idx ON app.users (email);"],
    ["mysql", "ALTER TABLE users ADD COLUMN code varchar(8), ADD UNIQUE KEY users_code (code);"],
    ["mysql", "CREATE TABLE teams (id int, name varchar(64), UNIQUE KEY teams_name (name));"],
  ] as const)("passes on %s: %s", async (dialect, sql) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE (email);",
      "uniqueConstraintLocking",
      1,
      27,
      "Adding UNIQUE (email) to app.users fails if existing rows share a value, and builds its index under a lock that blocks reads and writes for the whole build.",
    ],
    [
      "postgres",
      "CREATE UNIQUE INDEX users_email_key ON app.users (lower(email));",
      "uniqueIndexLocking",
      1,
      1,
      "Creating unique index users_email_key on app.users (lower(email)) fails if existing rows share a value, and blocks writes to the table for the whole build.",
    ],
    [
      "postgres",
      "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON app.users (email) WHERE tenant > 0;",
      "uniqueIndexConcurrently",
      1,
      1,
      "Creating unique index users_email_key on app.users (email) fails if existing rows share a value, and leaves an invalid index behind that must be dropped.",
    ],
    [
      "postgres",
      "CREATE UNIQUE INDEX users_email_key ON app.loaded_elsewhere (email);",
      "uniqueIndexLocking",
      1,
      1,
      "Creating unique index users_email_key on app.loaded_elsewhere (email) fails if existing rows share a value, and blocks writes to the table for the whole build.",
    ],
    [
      "mysql",
      "ALTER TABLE users ADD UNIQUE KEY users_email (email);",
      "unique",
      1,
      23,
      "Adding a unique index on app.users (email) fails if existing rows share a value.",
    ],
    [
      "mysql",
      "CREATE UNIQUE INDEX users_email ON users (email, tenant);",
      "unique",
      1,
      1,
      "Adding a unique index on app.users (email, tenant) fails if existing rows share a value.",
    ],
  ] as const)("fails on %s: %s", async (dialect, sql, messageId, line, column, message) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([
      expect.objectContaining({
        rule: "ban-unique-on-existing-columns",
        severity: "warning",
        messageId,
        line,
        column,
        message,
      }),
    ]);
  });
});
