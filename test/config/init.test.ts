import path from "node:path";
import { describe, expect, it } from "vitest";
import { findMigrationsFolder, guessDialectFromSql } from "../../src/config/init.js";
import { useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

describe("findMigrationsFolder", () => {
  it.each([
    [
      "diesel's <version>_name/up.sql",
      { "migrations/2019-01-01-000000_a/up.sql": "", "migrations/2019-01-01-000000_a/down.sql": "" },
      "migrations",
      1,
    ],
    [
      "authelia's dialect folders",
      {
        "internal/storage/migrations/postgres/V0001.Init.up.sql": "",
        "internal/storage/migrations/mysql/V0001.Init.up.sql": "",
        "internal/storage/migrations/mysql/V0001.Init.down.sql": "",
      },
      "internal/storage/migrations",
      2,
    ],
    [
      "Flyway's resources folder, over a folder of two",
      {
        "src/main/resources/db/migration/V1__a.sql": "",
        "src/main/resources/db/migration/V2__b.sql": "",
        "src/main/resources/db/migration/V3__c.sql": "",
        "scripts/001_x.sql": "",
        "node_modules/pkg/migrations/001_a.sql": "",
      },
      "src/main/resources/db/migration",
      3,
    ],
  ])("%s", (_label, files, folder, count) => {
    const dir = project(files);
    const found = findMigrationsFolder(dir);
    expect(found && [path.relative(dir, found.folder), found.files.length]).toEqual([folder, count]);
  });
});

describe("guessDialectFromSql", () => {
  it.each([
    ["create table a (id bigserial primary key, at timestamptz);", "postgres"],
    ["CREATE TABLE `a` (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;", "mysql"],
    ["CREATE TABLE a (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);", "starrocks"],
  ])("%s", (sql, dialect) => {
    expect(guessDialectFromSql([sql])?.dialect).toBe(dialect);
  });

  it("says nothing without a sign", () => {
    expect(guessDialectFromSql(["create table a (id int);"])).toBeUndefined();
  });
});
