import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDialect } from "../../src/dialects/index.js";
import { firstEdit, migrationFileFacts } from "../../src/migrations/integrity.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();
const migrationsOf = (files: Record<string, string>) =>
  loadMigrations("migrations", { dialect: "postgres", cwd: project(files) });

const postgres = await createDialect("postgres");
const mysql = await createDialect("mysql");
const tokens = (sql: string) => postgres.tokens(sql);

describe("firstEdit: token streams, not text", () => {
  it.each([
    ["a comment added", "create table a (x int);", "-- why a exists\ncreate table a (x int); /* ok */"],
    ["whitespace changed", "create table a (x int);", "create table a (\n  x int\n);"],
  ])("no edit: %s", (_label, before, after) => {
    expect(firstEdit(before, after, tokens)).toBeUndefined();
  });

  it.each([
    ["a type changed", "create table a (x int);", "create table a (x bigint);", "bigint"],
    ["a statement added", "create table a (x int);", "create table a (x int);\ndrop table b;", "drop"],
    ["a statement removed", "create table a (x int);\ndrop table b;", "create table a (x int);", ";"],
    ["a string changed", "insert into a values ('x');", "insert into a values ('y');", "'y'"],
  ])("edit: %s, at the first differing token", (_label, before, after, token) => {
    const span = firstEdit(before, after, tokens)!;
    expect(after.slice(span.start, span.end)).toBe(token);
  });

  it("reads MySQL executable comments as code", () => {
    const mysqlTokens = (sql: string) => mysql.tokens(sql);
    expect(firstEdit("/*!40101 SET NAMES utf8 */;", "/*!40101 SET NAMES utf8mb4 */;", mysqlTokens)).toEqual({
      start: 19,
      end: 26,
    });
    expect(firstEdit("SET NAMES utf8; # one", "SET NAMES utf8; -- two", mysqlTokens)).toBeUndefined();
  });
});

describe("migrationFileFacts", () => {
  it("finds duplicate versions over the whole history, on every file but the first", () => {
    const migrations = migrationsOf({
      "migrations/V1__a.sql": "select 1;",
      "migrations/V1__b.sql": "select 2;",
      "migrations/V2__c.sql": "select 3;",
      "migrations/002_d.sql": "select 4;",
      "migrations/R__views.sql": "select 5;",
      "migrations/3_e.up.sql": "select 6;",
      "migrations/3_e.down.sql": "select -6;",
    });
    const facts = migrationFileFacts({ migrations, changed: undefined, tokens });
    expect(Object.fromEntries(facts)).toEqual({
      "migrations/V1__b.sql": { version: "1", sameVersionAs: ["migrations/V1__a.sql"] },
      // 2 and 002 are one version; the loader's order says which of the two files comes first.
      "migrations/002_d.sql": { version: "002", sameVersionAs: ["migrations/V2__c.sql"] },
    });
  });

  it("puts a duplicate on the changed file, and finds edits and order against the base", () => {
    const migrations = migrationsOf({
      "migrations/001_a.sql": "create table a (x int);",
      "migrations/002_b.sql": "-- documented\ncreate table b (x int);",
      "migrations/003_c.sql": "create table c (x bigint);",
      "migrations/002_5_new.sql": "create table n (x int);",
      "migrations/004_d.sql": "create table d (x int);",
      "migrations/005_e.sql": "create table e (x int);",
      "migrations/001_dup.sql": "create table f (x int);",
    });
    const atBase: Record<string, string> = {
      "001_a.sql": "create table a (x int);",
      "002_b.sql": "create table b (x int);",
      "003_c.sql": "create table c (x int);",
      "004_d.sql": "create table d (x int);",
    };
    const name = (file: string) => path.basename(file);
    const changed = new Set([
      "migrations/002_b.sql",
      "migrations/003_c.sql",
      "migrations/002_5_new.sql",
      "migrations/005_e.sql",
      "migrations/001_dup.sql",
    ]);
    const facts = migrationFileFacts({
      migrations,
      changed,
      base: { has: (file) => name(file) in atBase, text: (file) => atBase[name(file)]! },
      tokens,
    });
    expect(Object.fromEntries(facts)).toEqual({
      "migrations/001_dup.sql": {
        version: "001",
        sameVersionAs: ["migrations/001_a.sql"],
        sortsBefore: "migrations/002_b.sql",
      },
      "migrations/003_c.sql": { version: "003", editedSinceBase: { span: { start: 18, end: 24 } } },
      "migrations/002_5_new.sql": { version: "002_5", sortsBefore: "migrations/003_c.sql" },
    });
  });

  it("orders a new migration only against versioned ones (crates.io keeps data_oauth_github.sql beside them)", () => {
    const migrations = migrationsOf({
      "migrations/2025-11-19-091444-0000_old/up.sql": "create table a (x int);",
      "migrations/data_oauth_github.sql": "insert into a values (1);",
      "migrations/2026-12-01-000000_new/up.sql": "create table b (x int);",
    });
    const atBase = new Set(["old", "data_oauth_github.sql"]);
    const facts = migrationFileFacts({
      migrations,
      changed: new Set(["migrations/2026-12-01-000000_new/up.sql"]),
      base: {
        has: (file) => [...atBase].some((part) => file.includes(part)),
        text: () => "",
      },
      tokens,
    });
    expect(facts.get("migrations/2026-12-01-000000_new/up.sql")?.sortsBefore).toBeUndefined();
  });
});
