/**
 * Sakila (MySQL's sample schema) applied by Schematic and by the mysql client gives the same database:
 * tables, columns, indexes, foreign keys, views, routines and triggers. Its DELIMITER blocks (;; for the
 * triggers, // and $$ for the routines) are cut by the dialect's splitter, as the client cuts them, and
 * its USE moves the session to the database it makes while the history stays where the run began.
 */
import { readFileSync } from "node:fs";
import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { useTempProjects } from "../helpers/cli.js";
import { testMigrator, useEngineDatabases } from "../helpers/engine-databases.js";
import { ENGINES, type FreshDatabase } from "../helpers/engines.js";

/** Sakila's MySQL schema, shipped with the tests (fixtures/mysql-migrations/sakila, BSD). */
const SAKILA = new URL("../../fixtures/mysql-migrations/sakila/mysql-sakila-schema.sql", import.meta.url);
const skip = mariadb().skip;

function mariadb() {
  return ENGINES.find((engine) => engine.dialect === "mysql")!;
}

/**
 * The file makes its own database (DROP SCHEMA IF EXISTS sakila; CREATE SCHEMA sakila; USE sakila) and
 * names it in its views (sakila.film): each run gets the name of a scratch database instead.
 */
function sakilaScript(database: FreshDatabase): string {
  const text = readFileSync(SAKILA, "utf8");
  const renamed = text.replace(/\bsakila\b/g, databaseName(database));
  expect(renamed).toMatch(/^USE schematic_migrate_\w+;$/m);
  return renamed;
}

function databaseName(database: FreshDatabase): string {
  return decodeURIComponent(new URL(database.url!).pathname.slice(1));
}

/** What information_schema says of a database's objects (the history table aside), the name of the database masked. */
async function schemaDump(url: string): Promise<Record<string, string[]>> {
  const client = await mysql.createConnection({ uri: url });
  try {
    const [[{ db }]] = (await client.query("SELECT DATABASE() AS db")) as unknown as [[{ db: string }]];
    const lines = async (sql: string): Promise<string[]> => {
      const [rows] = await client.query(sql, [db]);
      return (rows as Record<string, unknown>[]).map((row) =>
        Object.values(row)
          .map((value) => String(value).split(db).join("<db>"))
          .join(" | "),
      );
    };
    return {
      tables: await lines(
        "SELECT table_name, table_type, engine, table_collation, create_options FROM information_schema.tables WHERE table_schema = ? AND table_name <> 'schematic_history' ORDER BY table_name",
      ),
      columns: await lines(
        "SELECT table_name, column_name, ordinal_position, column_type, is_nullable, column_default, extra, column_key, collation_name, generation_expression FROM information_schema.columns WHERE table_schema = ? AND table_name <> 'schematic_history' ORDER BY table_name, ordinal_position",
      ),
      indexes: await lines(
        "SELECT table_name, index_name, seq_in_index, column_name, non_unique, index_type FROM information_schema.statistics WHERE table_schema = ? AND table_name <> 'schematic_history' ORDER BY table_name, index_name, seq_in_index",
      ),
      foreignKeys: await lines(
        "SELECT r.constraint_name, r.table_name, r.referenced_table_name, r.update_rule, r.delete_rule, GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position) FROM information_schema.referential_constraints r JOIN information_schema.key_column_usage k ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name AND k.table_name = r.table_name WHERE r.constraint_schema = ? GROUP BY r.constraint_name, r.table_name, r.referenced_table_name, r.update_rule, r.delete_rule ORDER BY r.constraint_name",
      ),
      views: await lines(
        "SELECT table_name, view_definition, check_option, is_updatable, security_type, character_set_client, collation_connection FROM information_schema.views WHERE table_schema = ? ORDER BY table_name",
      ),
      routines: await lines(
        "SELECT routine_name, routine_type, dtd_identifier, routine_definition, is_deterministic, sql_data_access, security_type, sql_mode, character_set_client, collation_connection, database_collation FROM information_schema.routines WHERE routine_schema = ? ORDER BY routine_name",
      ),
      parameters: await lines(
        "SELECT specific_name, ordinal_position, parameter_mode, parameter_name, dtd_identifier FROM information_schema.parameters WHERE specific_schema = ? ORDER BY specific_name, ordinal_position",
      ),
      triggers: await lines(
        "SELECT trigger_name, event_manipulation, event_object_table, action_timing, action_order, action_statement, sql_mode, character_set_client, collation_connection FROM information_schema.triggers WHERE trigger_schema = ? ORDER BY trigger_name",
      ),
    };
  } finally {
    await client.end();
  }
}

describe("Sakila on MariaDB", () => {
  const project = useTempProjects();
  const databases = useEngineDatabases(mariadb());

  it.skipIf(skip)("applied by schematic, equals the schema the mysql client makes", async () => {
    // Schematic runs on `runner` (the history table's database); the file moves the session to `ours`
    // with its USE, as the mysql client moves to `theirs`.
    const [runner, ours, theirs] = [
      await databases.fresh(),
      await databases.fresh(),
      await databases.fresh(),
    ];

    const dir = project({ "migrations/V1__sakila.sql": sakilaScript(ours) });
    const driver = await databases.open(runner);
    const { migrator } = await testMigrator("mysql", driver, dir, { placeholderSyntax: [] });
    const run = await migrator.up();
    expect(run.results.map((r) => [r.id, r.status, r.statementsRun])).toEqual([["1__sakila", "applied", 41]]);
    expect(await runner.tables()).toEqual(["schematic_history"]);
    expect((await migrator.status()).current).toBe("1__sakila");
    theirs.applyWithClient!(sakilaScript(theirs));

    const [mine, reference] = [await schemaDump(ours.url!), await schemaDump(theirs.url!)];
    // The counts say the comparison compared something: Sakila's 16 tables and 7 views, 3 procedures
    // and 3 functions, and the 3 triggers that keep film_text in step with film.
    expect(Object.fromEntries(Object.entries(reference).map(([kind, rows]) => [kind, rows.length]))).toEqual({
      tables: 23,
      columns: 131,
      indexes: 47,
      foreignKeys: 22,
      views: 7,
      routines: 6,
      parameters: 16,
      triggers: 3,
    });
    expect(mine).toEqual(reference);
  });
});
