/**
 * The MySQL/MariaDB driver's own parts: its lock names, session limits and error descriptions as pure
 * functions, then against the real server the lock between two runners, the schema probe's name rules,
 * the session limits the server takes, and a password that never shows.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import {
  createMysqlDriver,
  describeMysqlError,
  mysqlLockName,
  mysqlSessionSql,
  quoteMysqlIdentifier,
} from "../../src/migrate/drivers/mysql.js";
import { ENGINES, type FreshDatabase } from "../helpers/engines.js";

describe("the MySQL driver's SQL", () => {
  it("names the lock after the database and the history table, within MySQL's 64 characters", () => {
    expect(mysqlLockName("shop", "schematic_history")).toBe("schematic:shop.schematic_history");
    expect(mysqlLockName("shop", "audit.schematic_history")).toBe("schematic:audit.schematic_history");
    const long = mysqlLockName("d".repeat(60), "schematic_history");
    expect(long).toHaveLength(64);
    expect(long).not.toBe(mysqlLockName("d".repeat(61), "schematic_history"));
  });

  it("bounds waits in seconds, and statements as each engine counts them", () => {
    const settings = { schema: "shop`s", lockTimeoutMs: 2_500, statementTimeoutMs: 90_500 };
    expect(mysqlSessionSql(settings, "10.11.19-MariaDB-0+deb12u1")).toEqual([
      "USE `shop``s`",
      "SET SESSION lock_wait_timeout = 3",
      "SET SESSION innodb_lock_wait_timeout = 3",
      "SET SESSION max_statement_time = 90.5",
    ]);
    expect(mysqlSessionSql(settings, "8.0.36").at(-1)).toBe("SET SESSION max_execution_time = 90500");
    expect(mysqlSessionSql({}, "8.0.36")).toEqual([]);
  });

  it("describes a server error by its errno, and nothing else as the database's", () => {
    expect(
      describeMysqlError(
        Object.assign(new Error("x"), {
          errno: 1146,
          sqlMessage: "Table 'a.b' doesn't exist",
          code: "ER_NO_SUCH_TABLE",
        }),
      ),
    ).toEqual({ message: "Table 'a.b' doesn't exist", code: "1146" });
    expect(describeMysqlError(Object.assign(new Error("socket"), { code: "ECONNRESET", errno: -104 }))).toBe(
      undefined,
    );
    expect(quoteMysqlIdentifier("a`b")).toBe("`a``b`");
  });
});

const mariadb = ENGINES.find((engine) => engine.dialect === "mysql")!;

describe("the MySQL driver on MariaDB", () => {
  const opened: DatabaseDriver[] = [];
  const databases: FreshDatabase[] = [];
  afterEach(async () => {
    for (const driver of opened.splice(0)) await driver.close();
    for (const database of databases.splice(0)) await database.drop();
  });

  async function open(): Promise<{ database: FreshDatabase; driver: DatabaseDriver }> {
    const database = await mariadb.fresh();
    databases.push(database);
    const driver = await database.open();
    opened.push(driver);
    return { database, driver };
  }

  it.skipIf(mariadb.skip)(
    "keeps a second runner waiting, names the holder, and gives up after the timeout",
    async () => {
      const { database, driver } = await open();
      const lock = await driver.lock({ name: "schematic_history", timeoutMs: 1_000 });
      expect(lock.description).toMatch(
        /^GET_LOCK\('schematic:schematic_migrate_\w+\.schematic_history'\) on connection \d+$/,
      );
      const other = await database.open();
      opened.push(other);
      const waits: (string | undefined)[] = [];
      await expect(
        other.lock({ name: "schematic_history", timeoutMs: 1_000, onWait: (holder) => waits.push(holder) }),
      ).rejects.toThrow(/Another runner has held the migration lock .* for 1 s; gave up waiting/);
      expect(waits).toEqual([expect.stringMatching(/^connection \d+ \(root@/)]);
      // Another history table, or another database, is another lock.
      await (await other.lock({ name: "other_history", timeoutMs: 1_000 })).release();
      await lock.release();
      const taken = await other.lock({ name: "schematic_history", timeoutMs: 1_000 });
      await taken.release();
    },
  );

  it.skipIf(mariadb.skip)("loses the lock with its session", async () => {
    const { database, driver } = await open();
    const lock = await driver.lock({ name: "schematic_history", timeoutMs: 1_000 });
    const session = /on connection (\d+)$/.exec(lock.description)![1];
    const other = await database.open();
    opened.push(other);
    // The session ends as when its process dies: the server drops the connection, and its lock with it.
    await other.execute(`KILL CONNECTION ${session}`);
    await (await other.lock({ name: "schematic_history", timeoutMs: 1_000 })).release();
  });

  it.skipIf(mariadb.skip)("probes tables by their exact name, columns and indexes in any case", async () => {
    const { driver } = await open();
    await driver.execute("CREATE TABLE Trades (Account_Id bigint, KEY Trades_Account (Account_Id))");
    const schema = await driver.currentSchema();
    expect(await driver.probe.relationExists(undefined, "Trades")).toBe(true);
    expect(await driver.probe.relationExists(schema, "Trades")).toBe(true);
    // lower_case_table_names = 0 (Linux): trades is another table.
    expect(driver.identifiers.relations).toBe("exact");
    expect(await driver.probe.relationExists(undefined, "trades")).toBe(false);
    expect(await driver.probe.relationExists("no_such_database", "Trades")).toBe(false);
    expect(await driver.probe.columnExists(undefined, "Trades", "account_id")).toBe(true);
    expect(await driver.probe.columnExists(undefined, "Trades", "price")).toBe(false);
    expect(await driver.probe.indexState(undefined, "Trades", "trades_account")).toBe("valid");
    expect(await driver.probe.indexState(undefined, undefined, "Trades_Account")).toBe("valid");
    expect(await driver.probe.indexState(undefined, "Trades", "trades_price")).toBe("absent");
  });

  it.skipIf(mariadb.skip)("takes the session limits it prints", async () => {
    const { driver } = await open();
    for (const sql of driver.sessionSql({ lockTimeoutMs: 4_000, statementTimeoutMs: 1_500 })) {
      await driver.execute(sql);
    }
    const [row] = await driver.query(
      "SELECT @@SESSION.lock_wait_timeout AS mdl, @@SESSION.innodb_lock_wait_timeout AS innodb, @@SESSION.max_statement_time AS statement",
    );
    expect([Number(row!.mdl), Number(row!.innodb), Number(row!.statement)]).toEqual([4, 4, 1.5]);
    await expect(driver.execute("SELECT SLEEP(3)")).rejects.toMatchObject({ errno: 1969 });
  });

  it.skipIf(mariadb.skip)("never shows the URL's password, in its target or a connection error", async () => {
    const { database } = await open();
    const url = new URL(database.url!);
    url.password = "s3cret-pw";
    url.port = "1";
    const error = await createMysqlDriver(url.toString()).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(/^Cannot connect to mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\//);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("s3cret-pw");
    const driver = await database.open();
    opened.push(driver);
    expect(driver.target).toBe(database.url);
    expect(await driver.serverVersion()).toMatch(/MariaDB/);
  });
});
