import { describe, expect, it } from "vitest";
import {
  DIALECT_NAMES,
  DIALECTS,
  describeUrlSchemes,
  dialectForUrlScheme,
} from "../../src/dialects/index.js";
import { SchematicError } from "../../src/errors.js";
import { dialectOfUrl } from "../../src/migrate/connection.js";
import { openDatabase } from "../../src/migrate/open-database.js";
import { MYSQL_URL, noticeSkipped, PG_URL } from "../helpers/servers.js";

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

describe("the dialect registry: lazy migration drivers, opened by openDatabase", () => {
  const url = (value: string) => ({ kind: "url", url: value, source: "--url" }) as const;

  it("gives PostgreSQL and MySQL a driver slot, and StarRocks none yet", () => {
    expect(DIALECT_NAMES.filter((name) => DIALECTS[name].driver !== undefined)).toEqual([
      "postgres",
      "mysql",
    ]);
  });

  it("refuses a database without a driver as a usage error, its password redacted", async () => {
    const refused = openDatabase(url("starrocks://root:s3cret@127.0.0.1:9030/x"), { cwd: "/" });
    await expect(refused).rejects.toBeInstanceOf(SchematicError);
    await expect(refused).rejects.toMatchObject({
      code: "usage",
      message: "Schematic cannot run migrations on starrocks yet (starrocks://root:***@127.0.0.1:9030/x).",
    });
  });

  if (!PG_URL) noticeSkipped("SCHEMATIC_TEST_PG_URL", "opening the PostgreSQL driver through the registry");
  it.skipIf(!PG_URL)("opens PostgreSQL through its slot, with the options every loader takes", async () => {
    const driver = await DIALECTS.postgres.driver!(PG_URL!, { applicationName: "schematic registry test" });
    try {
      expect(driver.dialect).toBe("postgres");
      const rows = await driver.query("SELECT current_setting('application_name') AS name");
      expect(rows[0]?.name).toBe("schematic registry test");
    } finally {
      await driver.close();
    }
    const opened = await openDatabase(url(PG_URL!), { cwd: "/" });
    expect(opened.dialect).toBe("postgres");
    await opened.close();
  });

  if (!MYSQL_URL) noticeSkipped("SCHEMATIC_TEST_MYSQL_URL", "opening the MySQL driver through the registry");
  it.skipIf(!MYSQL_URL)("opens MySQL and MariaDB through their slot", async () => {
    const opened = await openDatabase(url(MYSQL_URL!), { cwd: "/" });
    try {
      expect(opened.dialect).toBe("mysql");
    } finally {
      await opened.close();
    }
  });
});
