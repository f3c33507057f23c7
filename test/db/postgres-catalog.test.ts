import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyCatalog, findTable } from "../../src/catalog/model.js";
import { replayScripts } from "../../src/catalog/replay.js";
import { parseScript } from "../../src/check/parse-script.js";
import { POSTGRES_IDENTIFIERS } from "../../src/dialects/identifiers.js";
import { createPostgresDialect } from "../../src/dialects/postgres/index.js";
import { substitutePlaceholders } from "../../src/migrations/placeholders.js";
import { sameType } from "../../src/sql/type-compat.js";
import { EXAMPLE_PLACEHOLDERS, exampleHistory } from "../helpers/rule-harness.js";
import { noticeSkipped, PG_URL, scratchName, withDatabase } from "../helpers/servers.js";

if (!PG_URL) noticeSkipped("SCHEMATIC_TEST_PG_URL", "the catalog-vs-PostgreSQL test");

/** A database of its own with `statements` run in it for the tests of this block, dropped after them. */
function scratchDatabaseWith(prefix: string, statements: readonly string[]): () => pg.Client {
  const database = scratchName(prefix);
  let admin: pg.Client;
  let client: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    client = new pg.Client({ connectionString: withDatabase(PG_URL!, database) });
    await client.connect();
    for (const statement of statements) await client.query(statement);
  });
  afterAll(async () => {
    await client?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });
  return () => client;
}

/**
 * Ground truth for the catalog: apply the example migrations to a real PostgreSQL, then compare what
 * PostgreSQL reports (pg_attribute, pg_constraint, pg_index) with what replay built from the same SQL.
 */
describe.skipIf(!PG_URL)("the replayed catalog matches PostgreSQL", () => {
  const client = scratchDatabaseWith(
    "schematic_catalog",
    exampleHistory().map((text) => substitutePlaceholders(text, EXAMPLE_PLACEHOLDERS).text),
  );

  it("has every table, column, type and nullability PostgreSQL has", async () => {
    const dialect = await createPostgresDialect();
    const scripts = exampleHistory().map((text, i) =>
      parseScript(dialect, `m${i}.sql`, text, EXAMPLE_PLACEHOLDERS),
    );
    const catalog = replayScripts(scripts, emptyCatalog("public", POSTGRES_IDENTIFIERS)).at(-1)!.after;
    const { rows } = await client().query<{
      schema: string;
      table: string;
      column: string;
      type: string;
      not_null: boolean;
    }>(`
      select n.nspname as schema, c.relname as table, a.attname as column,
             format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('raw', 'ref') and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by 1, 2, a.attnum`);
    expect(rows.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    for (const row of rows) {
      const table = findTable(catalog, { schema: row.schema, name: row.table });
      const column = table?.columns.find((c) => c.name === row.column);
      const where = `${row.schema}.${row.table}.${row.column}`;
      if (!column) {
        mismatches.push(`${where}: missing from the catalog`);
        continue;
      }
      if (!sameType(column.type, dialect.normalizeType(row.type)))
        mismatches.push(`${where}: ${column.type.raw} vs ${row.type}`);
      if (column.nullable === row.not_null)
        mismatches.push(`${where}: nullable ${column.nullable} vs NOT NULL ${row.not_null}`);
    }
    const catalogColumns = ["raw", "ref"].flatMap((schema) =>
      [...(catalog.schemas.get(schema)?.relations.values() ?? [])].flatMap((relation) =>
        relation.kind === "table"
          ? relation.columns.map((c) => `${schema}.${relation.name.name}.${c.name}`)
          : [],
      ),
    );
    expect(mismatches).toEqual([]);
    expect(catalogColumns.sort()).toEqual(rows.map((r) => `${r.schema}.${r.table}.${r.column}`).sort());
  });

  it("has the primary keys, foreign keys and indexes PostgreSQL has", async () => {
    const dialect = await createPostgresDialect();
    const scripts = exampleHistory().map((text, i) =>
      parseScript(dialect, `m${i}.sql`, text, EXAMPLE_PLACEHOLDERS),
    );
    const catalog = replayScripts(scripts, emptyCatalog("public", POSTGRES_IDENTIFIERS)).at(-1)!.after;
    const { rows: keys } = await client().query<{ table: string; kind: string; columns: string[] }>(`
      select n.nspname || '.' || c.relname as table, k.contype as kind,
             array(select a.attname from unnest(k.conkey) with ordinality u(n, i)
                   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i)::text[] as columns
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('raw', 'ref') and k.contype in ('p', 'f', 'u') and k.conparentid = 0
      order by 1, 2, 3`);
    const ours = ["raw", "ref"]
      .flatMap((schema) => [...(catalog.schemas.get(schema)?.relations.values() ?? [])])
      .flatMap((relation) =>
        relation.kind === "table"
          ? relation.constraints
              .filter((c) => c.kind !== "check")
              .map((c) => ({
                table: `${relation.name.schema}.${relation.name.name}`,
                kind: { primary_key: "p", foreign_key: "f", unique: "u" }[c.kind as "primary_key"],
                columns: [...(c as { columns: readonly string[] }).columns],
              }))
          : [],
      )
      .filter((key) => !key.table.endsWith("_2026_11")); // a partition inherits its parent's keys in pg_constraint
    const sort = (list: { table: string; kind: string; columns: string[] }[]) =>
      [...list].map((k) => `${k.table} ${k.kind} ${k.columns.join(",")}`).sort();
    expect(sort(ours)).toEqual(sort(keys.filter((k) => !k.table.endsWith("_2026_11"))));

    const { rows: indexes } = await client().query<{ name: string }>(`
      select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = i.relnamespace
      where n.nspname in ('raw', 'ref') and not x.indisprimary and not x.indisunique`);
    const ourIndexes = ["raw", "ref"]
      .flatMap((schema) => [...(catalog.schemas.get(schema)?.relations.values() ?? [])])
      .flatMap((relation) => (relation.kind === "table" ? relation.indexes.map((index) => index.name) : []));
    // PostgreSQL also creates one index per partition for an index on a partitioned table.
    expect(
      indexes
        .map((row) => row.name)
        .filter((name) => !name.startsWith("trades_2026_11"))
        .sort(),
    ).toEqual(ourIndexes.sort());
  });
});

/**
 * PostgreSQL folds unquoted names to lower case and compares names exactly: a quoted "Orders_Data" is a
 * table of its own beside orders_data, and "Id" a column beside id. The replayed catalog holds what
 * PostgreSQL holds.
 */
describe.skipIf(!PG_URL)("quoted mixed-case names are names of their own, as on PostgreSQL", () => {
  const history = [
    'CREATE SCHEMA "Raw"',
    'CREATE TABLE "Raw"."Orders_Data" ("Id" int, id int, "Note" text)',
    "CREATE TABLE raw_orders (ID int)",
    "CREATE SCHEMA raw",
    "CREATE TABLE Raw.Orders_Data (Id int, Amount numeric)",
    'ALTER TABLE "Raw"."Orders_Data" DROP COLUMN "Note"',
    'ALTER TABLE RAW.ORDERS_DATA ADD COLUMN "Total" numeric',
    'CREATE INDEX "Orders_Idx" ON "Raw"."Orders_Data" ("Id")',
    "CREATE INDEX Orders_Idx ON raw.orders_data (id)",
    'DROP INDEX raw."orders_idx"',
  ];
  const client = scratchDatabaseWith("schematic_case", history);

  it("holds PostgreSQL's tables, columns and indexes, names exactly as stored", async () => {
    const dialect = await createPostgresDialect();
    const script = parseScript(dialect, "case.sql", history.map((s) => `${s};`).join("\n"), {});
    expect(script.parsed.errors).toEqual([]);
    const [replay] = replayScripts([script], emptyCatalog("public", POSTGRES_IDENTIFIERS));
    expect(replay!.notes).toEqual([]);
    const { rows: columns } = await client().query<{ column: string }>(`
      select n.nspname || '.' || c.relname || '.' || a.attname as column
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('Raw', 'raw', 'public') and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped`);
    const { rows: indexes } = await client().query<{ index: string }>(`
      select n.nspname || '.' || i.relname as index from pg_index x join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = i.relnamespace where n.nspname in ('Raw', 'raw', 'public')`);
    const relations = [...replay!.after.schemas.values()].flatMap((schema) => [...schema.relations.values()]);
    const tables = relations.flatMap((relation) => (relation.kind === "table" ? [relation] : []));
    const qualified = (table: { name: { schema: string; name: string } }, name: string) =>
      `${table.name.schema}.${table.name.name}.${name}`;
    expect(tables.flatMap((t) => t.columns.map((c) => qualified(t, c.name))).sort()).toEqual(
      columns.map((row) => row.column).sort(),
    );
    expect(tables.flatMap((t) => t.indexes.map((i) => `${t.name.schema}.${i.name}`)).sort()).toEqual(
      indexes.map((row) => row.index).sort(),
    );
  });
});
