/**
 * Ground truth for the capability viewsBindColumns: on each real server, a view built over `select *` either
 * holds the table's columns (PostgreSQL refuses DROP COLUMN and ALTER COLUMN TYPE while it exists) or lets
 * the DDL through (MariaDB, which then fails the view when it is queried).
 */
import mysql from "mysql2/promise";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDialect } from "../../src/dialects/index.js";
import { MYSQL_URL, noticeSkipped, PG_URL, scratchName, withDatabase } from "../helpers/servers.js";

if (!PG_URL) noticeSkipped("SCHEMATIC_TEST_PG_URL", "the PostgreSQL views-bind-columns test");
if (!MYSQL_URL) noticeSkipped("SCHEMATIC_TEST_MYSQL_URL", "the MariaDB views-bind-columns test");

/** What each DDL statement did with a `select *` view on the table: "refused" or "ran". */
type Outcome = { readonly dropColumn: string; readonly alterType: string };

const outcome = (error: unknown) => (error === undefined ? "ran" : "refused");

describe.skipIf(!PG_URL)("PostgreSQL: views over * hold every column", () => {
  it("refuses DROP COLUMN and ALTER COLUMN TYPE, as viewsBindColumns says", async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const schema = scratchName("views_bind");
    const observed: Record<string, string> = {};
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`CREATE TABLE ${schema}.t (a int, b int, c int)`);
      await client.query(`CREATE VIEW ${schema}.v AS SELECT * FROM ${schema}.t`);
      for (const [name, ddl] of [
        ["dropColumn", `ALTER TABLE ${schema}.t DROP COLUMN b`],
        ["alterType", `ALTER TABLE ${schema}.t ALTER COLUMN c TYPE bigint`],
      ] as const) {
        observed[name] = outcome(
          await client.query(ddl).then(
            () => undefined,
            (error: unknown) => error,
          ),
        );
      }
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    const dialect = await createDialect("postgres");
    expect(dialect.capabilities.viewsBindColumns).toBe(true);
    expect(observed).toEqual({ dropColumn: "refused", alterType: "refused" } satisfies Outcome);
  });
});

describe.skipIf(!MYSQL_URL)("MariaDB: views over * do not hold columns", () => {
  it("runs DROP COLUMN and MODIFY, as viewsBindColumns says, and the view fails afterwards", async () => {
    const database = scratchName("views_bind");
    const admin = await mysql.createConnection({ uri: MYSQL_URL! });
    await admin.query(`CREATE DATABASE \`${database}\``);
    const connection = await mysql.createConnection({ uri: withDatabase(MYSQL_URL!, database) });
    const observed: Record<string, string> = {};
    try {
      await connection.query("CREATE TABLE t (a int, b int, c int)");
      await connection.query("CREATE VIEW v AS SELECT * FROM t");
      for (const [name, ddl] of [
        ["dropColumn", "ALTER TABLE t DROP COLUMN b"],
        ["alterType", "ALTER TABLE t MODIFY c bigint"],
      ] as const) {
        observed[name] = outcome(
          await connection.query(ddl).then(
            () => undefined,
            (error: unknown) => error,
          ),
        );
      }
      await expect(connection.query("SELECT * FROM v")).rejects.toThrow(/references invalid/);
    } finally {
      await connection.end();
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    }
    const dialect = await createDialect("mysql");
    expect(dialect.capabilities.viewsBindColumns).toBe(false);
    expect(observed).toEqual({ dropColumn: "ran", alterType: "ran" } satisfies Outcome);
  });
});
