import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  createDialect,
  DIALECT_NAMES,
  DIALECTS,
  describeUrlSchemes,
  dialectForUrlScheme,
  openDriver,
} from "../../src/dialects/index.js";
import { SchematicError } from "../../src/errors.js";
import { dialectOfUrl } from "../../src/migrate/connection.js";
import { noticeSkipped, PG_URL } from "../helpers/servers.js";

describe("the dialect registry: URL schemes", () => {
  it.each([
    ["postgres:", "postgres"],
    ["PostgreSQL", "postgres"],
    ["mysql", "mysql"],
    ["mariadb:", "mysql"],
    ["starrocks:", "starrocks"],
    ["oracle:", undefined],
    ["http:", undefined],
  ])("scheme %s names %s", (scheme, dialect) => {
    expect(dialectForUrlScheme(scheme)).toBe(dialect);
  });

  it("gives every dialect a scheme, and no scheme to two dialects", () => {
    const schemes = DIALECT_NAMES.flatMap((name) => DIALECTS[name].urlSchemes);
    expect(DIALECT_NAMES.every((name) => DIALECTS[name].urlSchemes.length > 0)).toBe(true);
    expect(new Set(schemes).size).toBe(schemes.length);
  });

  it("names the registry's schemes when a URL's is unknown, its password redacted", () => {
    expect(describeUrlSchemes()).toBe("postgres://, postgresql://, mysql://, mariadb:// or starrocks://");
    expect(dialectOfUrl("postgresql://app@db/x")).toBe("postgres");
    try {
      dialectOfUrl("oracle://app:s3cret@db/x");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SchematicError);
      expect((error as SchematicError).message).toBe(
        "The URL scheme oracle: names no database Schematic runs migrations on.",
      );
      expect((error as SchematicError).hint).toBe(
        "Use postgres://, postgresql://, mysql://, mariadb:// or starrocks://.",
      );
    }
  });
});

describe("the dialect registry: lazy migration drivers", () => {
  it("refuses a database without a driver as a usage error naming those with one", async () => {
    const refused = openDriver("starrocks", "starrocks://root@127.0.0.1:9030/x");
    await expect(refused).rejects.toBeInstanceOf(SchematicError);
    await expect(refused).rejects.toMatchObject({
      code: "usage",
      message: "schematic migrate does not run on starrocks yet.",
    });
  });

  // Until the MySQL driver's module is in the build, its slot says so instead of crashing on the import.
  const mysqlDriverBuilt = existsSync(
    path.resolve(import.meta.dirname, "../../src/migrate/drivers/mysql.ts"),
  );
  it.skipIf(mysqlDriverBuilt)("says that this build has no MySQL driver yet", async () => {
    await expect(openDriver("mysql", "mysql://root@127.0.0.1:1/x")).rejects.toMatchObject({
      code: "usage",
      message: "schematic migrate does not run on MySQL or MariaDB in this build yet.",
    });
  });

  if (!PG_URL) noticeSkipped("SCHEMATIC_TEST_PG_URL", "opening the PostgreSQL driver through the registry");
  it.skipIf(!PG_URL)(
    "opens the PostgreSQL driver through its slot, with the options every loader takes",
    async () => {
      const driver = await openDriver("postgres", PG_URL!, { applicationName: "schematic registry test" });
      try {
        expect(driver.dialect).toBe("postgres");
        const rows = await driver.query("SELECT current_setting('application_name') AS name");
        expect(rows[0]?.name).toBe("schematic registry test");
      } finally {
        await driver.close();
      }
    },
  );
});

describe("the dialect registry: the lexer alone", () => {
  const SCRIPT = [
    "/* header */ CREATE TABLE t (id int, note text DEFAULT 'it''s');",
    "/*!40101 SET NAMES utf8mb4 */;",
    "-- a comment\nALTER TABLE t ADD COLUMN x int;",
  ].join("\n");

  it.each(DIALECT_NAMES)("%s: the lexer slot gives the dialect's own tokens", async (name) => {
    const lexer = await DIALECTS[name].lexer();
    const dialect = await createDialect(name);
    expect(lexer(SCRIPT)).toEqual(dialect.tokens(SCRIPT));
    expect(lexer(SCRIPT).length).toBeGreaterThan(10);
  });
});
