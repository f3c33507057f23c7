import { describe, expect, it } from "vitest";
import { storedIdentifier } from "../../../src/dialects/identifiers.js";
import type { DataType } from "../../../src/sql/data-type.js";
import { changesOf, postgres, spanTexts } from "./helpers.js";

const INT: DataType = { family: "integer", name: "integer", raw: "int", bits: 32 };
const T = { name: "t" };

describe("ALTER TABLE", () => {
  it.each([
    {
      sql: "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int NOT NULL DEFAULT 0",
      changes: [
        {
          kind: "add_column",
          table: T,
          ifNotExists: true,
          column: { name: "c", type: INT, nullable: false, default: "0", volatileDefault: false },
        },
      ],
    },
    {
      sql: "ALTER TABLE t ADD c int REFERENCES u(id)",
      changes: [
        {
          kind: "add_column",
          table: T,
          ifNotExists: false,
          column: { name: "c", type: INT, nullable: true },
        },
        {
          kind: "add_constraint",
          table: T,
          constraint: {
            kind: "foreign_key",
            columns: ["c"],
            references: { table: { name: "u" }, columns: ["id"] },
          },
        },
      ],
    },
    {
      sql: "ALTER TABLE t DROP COLUMN IF EXISTS c CASCADE, DROP d",
      changes: [
        { kind: "drop_column", table: T, column: "c", ifExists: true, cascade: true },
        { kind: "drop_column", table: T, column: "d", ifExists: false, cascade: false },
      ],
    },
    {
      sql: "ALTER TABLE t ALTER COLUMN c TYPE bigint USING c::bigint, ALTER d SET DATA TYPE varchar(20)",
      changes: [
        {
          kind: "alter_column_type",
          table: T,
          column: "c",
          type: { family: "integer", name: "bigint", raw: "bigint", bits: 64 },
          using: "c::bigint",
        },
        {
          kind: "alter_column_type",
          table: T,
          column: "d",
          type: { family: "string", name: "varchar", raw: "varchar(20)", length: 20 },
        },
      ],
    },
    {
      sql: "ALTER TABLE t ALTER c SET NOT NULL, ALTER d DROP NOT NULL",
      changes: [
        { kind: "set_nullability", table: T, column: "c", nullable: false },
        { kind: "set_nullability", table: T, column: "d", nullable: true },
      ],
    },
    {
      sql: "ALTER TABLE t ALTER c SET DEFAULT (now() at time zone 'utc'), ALTER d SET DEFAULT nextval('s'), ALTER e DROP DEFAULT",
      changes: [
        {
          kind: "set_default",
          table: T,
          column: "c",
          default: "now() at time zone 'utc'",
          volatileDefault: false,
        },
        { kind: "set_default", table: T, column: "d", default: "nextval('s')", volatileDefault: true },
        { kind: "set_default", table: T, column: "e" },
      ],
    },
    {
      sql: "ALTER TABLE s.t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) ON DELETE RESTRICT NOT VALID, VALIDATE CONSTRAINT fk",
      changes: [
        {
          kind: "add_constraint",
          table: { schema: "s", name: "t" },
          constraint: {
            kind: "foreign_key",
            name: "fk",
            columns: ["a"],
            references: { table: { name: "u" }, columns: ["id"], onDelete: "RESTRICT" },
            notValid: true,
          },
        },
        { kind: "validate_constraint", table: { schema: "s", name: "t" }, name: "fk" },
      ],
    },
    {
      sql: "ALTER TABLE t ADD CONSTRAINT positive CHECK (a > 0) NOT VALID, ADD PRIMARY KEY (id), ADD UNIQUE (a, b)",
      changes: [
        {
          kind: "add_constraint",
          table: T,
          constraint: { kind: "check", name: "positive", expression: "a > 0", notValid: true },
        },
        { kind: "add_constraint", table: T, constraint: { kind: "primary_key", columns: ["id"] } },
        { kind: "add_constraint", table: T, constraint: { kind: "unique", columns: ["a", "b"] } },
      ],
    },
    {
      sql: "ALTER TABLE t DROP CONSTRAINT IF EXISTS fk CASCADE, DROP CONSTRAINT pk",
      changes: [
        { kind: "drop_constraint", table: T, name: "fk", ifExists: true, cascade: true },
        { kind: "drop_constraint", table: T, name: "pk", ifExists: false, cascade: false },
      ],
    },
    {
      sql: "ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM (1) TO (2); ALTER TABLE m DETACH PARTITION s.m_2023 CONCURRENTLY; ALTER TABLE m DETACH PARTITION m_2022",
      changes: [
        { kind: "add_partition", table: { name: "m" }, partition: "m_2024" },
        { kind: "detach_partition", table: { name: "m" }, partition: "s.m_2023", concurrently: true },
        { kind: "detach_partition", table: { name: "m" }, partition: "m_2022", concurrently: false },
      ],
    },
    {
      sql: "ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)",
      changes: [
        { kind: "set_properties", table: T, properties: { fillfactor: "70", autovacuum_enabled: "false" } },
      ],
    },
    {
      sql: "ALTER TABLE t OWNER TO bob, REPLICA IDENTITY FULL, ALTER c SET STORAGE EXTERNAL, ENABLE ROW LEVEL SECURITY",
      changes: [
        { kind: "no_schema_effect", statement: "ALTER TABLE OWNER TO" },
        { kind: "no_schema_effect", statement: "ALTER TABLE REPLICA IDENTITY FULL" },
        { kind: "no_schema_effect", statement: "ALTER TABLE ALTER COLUMN" },
        { kind: "no_schema_effect", statement: "ALTER TABLE ENABLE ROW LEVEL" },
      ],
    },
    {
      sql: "ALTER INDEX i SET TABLESPACE fast; ALTER SEQUENCE q OWNER TO bob",
      changes: [
        { kind: "no_schema_effect", statement: "ALTER INDEX SET TABLESPACE" },
        { kind: "no_schema_effect", statement: "ALTER SEQUENCE OWNER TO" },
      ],
    },
  ])("$sql", ({ sql, changes }) => {
    expect(changesOf(sql)).toEqual(changes);
  });

  it("gives each change the most specific span: the column, the constraint, the subcommand", () => {
    const sql =
      "ALTER TABLE s.t ADD COLUMN c int NOT NULL DEFAULT 0, ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id), ALTER d TYPE text, OWNER TO bob";
    expect(spanTexts(sql)).toEqual([
      "c int NOT NULL DEFAULT 0",
      "CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)",
      "ALTER d TYPE text",
      "OWNER TO bob",
    ]);
  });
});

describe("other statements", () => {
  it.each([
    {
      sql: "ALTER TABLE t RENAME TO u; ALTER TABLE s.t RENAME COLUMN a TO b; ALTER TABLE t RENAME CONSTRAINT a TO b",
      changes: [
        { kind: "rename_table", table: T, to: { name: "u" } },
        { kind: "rename_column", table: { schema: "s", name: "t" }, from: "a", to: "b" },
        { kind: "rename_constraint", table: T, from: "a", to: "b" },
      ],
    },
    {
      // Unquoted names fold to lower case, quoted ones keep theirs; a domain's constraints are not a table's.
      sql: 'ALTER TABLE IF EXISTS ONLY S.Orders RENAME CONSTRAINT "Orders_PK" TO Orders_Pkey; ALTER DOMAIN d RENAME CONSTRAINT a TO b',
      changes: [
        {
          kind: "rename_constraint",
          table: { schema: "s", name: "orders" },
          from: "Orders_PK",
          to: "orders_pkey",
        },
        { kind: "no_schema_effect", statement: "ALTER DOMAIN" },
      ],
    },
    {
      sql: "ALTER INDEX s.i RENAME TO j; ALTER VIEW v RENAME TO w; ALTER MATERIALIZED VIEW m RENAME TO n; ALTER SCHEMA a RENAME TO b",
      changes: [
        { kind: "rename_index", schema: "s", from: "i", to: "j" },
        { kind: "rename_view", view: { name: "v" }, to: { name: "w" }, materialized: false },
        { kind: "rename_view", view: { name: "m" }, to: { name: "n" }, materialized: true },
        { kind: "rename_schema", from: "a", to: "b" },
      ],
    },
    {
      sql: "ALTER TABLE s.t SET SCHEMA archive; ALTER VIEW v SET SCHEMA archive; ALTER FUNCTION f() SET SCHEMA archive",
      changes: [
        { kind: "rename_table", table: { schema: "s", name: "t" }, to: { schema: "archive", name: "t" } },
        {
          kind: "rename_view",
          view: { name: "v" },
          to: { schema: "archive", name: "v" },
          materialized: false,
        },
        { kind: "no_schema_effect", statement: "ALTER FUNCTION" },
      ],
    },
    {
      sql: "DROP TABLE IF EXISTS a, s.b CASCADE; DROP VIEW v; DROP MATERIALIZED VIEW IF EXISTS m",
      changes: [
        { kind: "drop_table", table: { name: "a" }, ifExists: true, cascade: true },
        { kind: "drop_table", table: { schema: "s", name: "b" }, ifExists: true, cascade: true },
        { kind: "drop_view", name: { name: "v" }, materialized: false, ifExists: false, cascade: false },
        { kind: "drop_view", name: { name: "m" }, materialized: true, ifExists: true, cascade: false },
      ],
    },
    {
      sql: "DROP INDEX CONCURRENTLY IF EXISTS s.i; DROP SCHEMA app CASCADE; DROP FUNCTION f(int); DROP TYPE mood CASCADE",
      changes: [
        { kind: "drop_index", name: "i", schema: "s", ifExists: true, concurrently: true },
        { kind: "drop_schema", schema: "app", ifExists: false, cascade: true },
        { kind: "no_schema_effect", statement: "DROP FUNCTION" },
        {
          kind: "opaque",
          statement: "DROP TYPE",
          reason:
            "DROP ... CASCADE also drops the table columns that use it, and Schematic does not track which",
          mayAffect: [],
        },
      ],
    },
    {
      sql: `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.t USING gin ((lower(email)) gin_trgm_ops, b DESC NULLS LAST, (a + b)) WHERE (deleted_at IS NULL);
            CREATE INDEX ON t (to_semver(num) DESC NULLS LAST)`,
      changes: [
        {
          kind: "create_index",
          ifNotExists: true,
          index: {
            name: "i",
            table: { schema: "s", name: "t" },
            columns: ["lower(email)", "b", "a + b"],
            unique: true,
            concurrently: true,
            method: "gin",
            where: "deleted_at IS NULL",
          },
        },
        {
          kind: "create_index",
          ifNotExists: false,
          index: {
            table: T,
            columns: ["to_semver(num)"],
            unique: false,
            concurrently: false,
            method: "btree",
          },
        },
      ],
    },
    {
      sql: "CREATE SCHEMA IF NOT EXISTS app; CREATE SCHEMA AUTHORIZATION joe; TRUNCATE a, s.b",
      changes: [
        { kind: "create_schema", schema: "app", ifNotExists: true },
        { kind: "create_schema", schema: "joe", ifNotExists: false },
        { kind: "truncate_table", table: { name: "a" } },
        { kind: "truncate_table", table: { schema: "s", name: "b" } },
      ],
    },
    {
      sql: "SET lock_timeout = '2s'; SET LOCAL statement_timeout TO 0; SET search_path TO app, public; RESET ALL; SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
      changes: [
        { kind: "set_option", name: "lock_timeout", value: "2s" },
        { kind: "set_option", name: "statement_timeout", value: "0", local: true },
        { kind: "set_option", name: "search_path", value: "app, public" },
        { kind: "set_option", name: "all", value: "DEFAULT" },
        { kind: "no_schema_effect", statement: "SET TRANSACTION ISOLATION" },
      ],
    },
    {
      // set_config is SET as a function call (pg_dump writes search_path this way); other queries stay queries.
      sql: "SELECT set_config('lock_timeout', '5s', false), pg_catalog.set_config('Statement_Timeout', '0', true); SELECT set_config('a', current_setting('b'), false); SELECT set_config(name, '1', false) FROM settings",
      changes: [
        { kind: "set_option", name: "lock_timeout", value: "5s" },
        { kind: "set_option", name: "statement_timeout", value: "0", local: true },
        { kind: "data", verb: "select" },
        { kind: "data", verb: "select" },
      ],
    },
    {
      sql: "BEGIN; START TRANSACTION; COMMIT; ROLLBACK; SAVEPOINT a",
      changes: [
        { kind: "transaction", action: "begin" },
        { kind: "transaction", action: "begin" },
        { kind: "transaction", action: "commit" },
        { kind: "transaction", action: "rollback" },
        { kind: "no_schema_effect", statement: "SAVEPOINT" },
      ],
    },
    {
      sql: `INSERT INTO s.t VALUES (1); UPDATE t SET a = 1; DELETE FROM t; COPY t (a) FROM STDIN;
            MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE; SELECT 1; CALL p(1)`,
      changes: [
        { kind: "data", verb: "insert", table: { schema: "s", name: "t" } },
        { kind: "data", verb: "update", table: T },
        { kind: "data", verb: "delete", table: T },
        { kind: "data", verb: "copy", table: T },
        { kind: "data", verb: "merge", table: T },
        { kind: "data", verb: "select" },
        { kind: "data", verb: "call" },
      ],
    },
    {
      sql: "COMMENT ON TABLE s.t IS 'orders'; COMMENT ON COLUMN s.t.c IS 'amount'; COMMENT ON COLUMN t.c IS NULL; COMMENT ON INDEX i IS 'x'",
      changes: [
        { kind: "set_comment", table: { schema: "s", name: "t" }, comment: "orders" },
        { kind: "set_comment", table: { schema: "s", name: "t" }, column: "c", comment: "amount" },
        { kind: "set_comment", table: T, column: "c" },
        { kind: "no_schema_effect", statement: "COMMENT ON INDEX" },
      ],
    },
    {
      sql: `CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();
            GRANT SELECT ON t TO reader; CREATE EXTENSION IF NOT EXISTS pgcrypto; CREATE TYPE mood AS ENUM ('ok');
            CREATE DOMAIN year AS int; CREATE SEQUENCE s; CREATE POLICY p ON t USING (true);
            CREATE PUBLICATION pub FOR TABLE t; REFRESH MATERIALIZED VIEW CONCURRENTLY m`,
      changes: [
        { kind: "no_schema_effect", statement: "CREATE FUNCTION" },
        { kind: "no_schema_effect", statement: "CREATE TRIGGER" },
        { kind: "no_schema_effect", statement: "GRANT SELECT ON" },
        { kind: "no_schema_effect", statement: "CREATE EXTENSION" },
        { kind: "no_schema_effect", statement: "CREATE TYPE" },
        { kind: "no_schema_effect", statement: "CREATE DOMAIN" },
        { kind: "no_schema_effect", statement: "CREATE SEQUENCE" },
        { kind: "no_schema_effect", statement: "CREATE POLICY" },
        { kind: "no_schema_effect", statement: "CREATE PUBLICATION" },
        { kind: "no_schema_effect", statement: "REFRESH MATERIALIZED VIEW" },
      ],
    },
  ])("$sql", ({ sql, changes }) => {
    expect(changesOf(sql)).toEqual(changes);
  });

  it("records a statement it cannot know the effect of as opaque, never drops it", () => {
    expect(changesOf("DROP OWNED BY bob; EXECUTE plan(1)")).toEqual([
      {
        kind: "opaque",
        statement: "DROP OWNED BY",
        reason: "DROP OWNED drops every object the role owns, and the migration does not say which",
        mayAffect: [],
      },
      {
        kind: "opaque",
        statement: "EXECUTE",
        reason: "EXECUTE runs a prepared statement that may have been prepared elsewhere",
        mayAffect: [],
      },
    ]);
  });
});

describe("DO blocks", () => {
  const sql = `DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c') THEN
    ALTER TABLE t ADD COLUMN c int;
  ELSE
    CREATE INDEX t_c ON t (c);
  END IF;
  EXECUTE 'DROP TABLE old_t';
  EXECUTE 'ALTER TABLE audit ADD COLUMN ' || quote_ident(col) || ' int';
EXCEPTION WHEN duplicate_column THEN NULL;
END $$;`;

  it("applies the SQL statements inside, in every branch, and parses EXECUTE of a literal", () => {
    expect(changesOf(sql)).toEqual([
      { kind: "add_column", table: T, ifNotExists: false, column: { name: "c", type: INT, nullable: true } },
      {
        kind: "create_index",
        ifNotExists: false,
        index: { name: "t_c", table: T, columns: ["c"], unique: false, concurrently: false, method: "btree" },
      },
      { kind: "drop_table", table: { name: "old_t" }, ifExists: false, cascade: false },
      {
        kind: "opaque",
        statement: "DO",
        reason: "DO block runs dynamic SQL (EXECUTE)",
        mayAffect: [{ name: "audit" }],
      },
    ]);
  });

  it("places statements inside the body in the file; dynamic SQL at the block", () => {
    const block = sql.slice(0, -1);
    expect(spanTexts(sql)).toEqual(["c int", "CREATE INDEX t_c ON t (c)", block, block]);
  });

  it("a block without SQL has no schema effect; one that does not parse is opaque", () => {
    expect(changesOf("DO $$ BEGIN RAISE NOTICE 'hi'; END $$")).toEqual([
      { kind: "no_schema_effect", statement: "DO" },
    ]);
    const [change] = changesOf(
      "DO $$ BEGIN FOR r IN SELECT * FROM t LOOP UPDATE u SET a = 1; END LOOP; END $$",
    );
    expect(change?.kind === "opaque" && change.mayAffect).toEqual([{ name: "t" }, { name: "u" }]);
  });
});

describe("the dialect", () => {
  it("has PostgreSQL's capabilities and folding", async () => {
    expect(postgres.name).toBe("postgres");
    expect(postgres.defaultSchema).toBe("public");
    expect(postgres.capabilities).toMatchObject({
      transactionalDdl: true,
      enforcesForeignKeys: true,
      indexesForeignKeys: false,
      identifierLimits: {
        unit: "bytes",
        max: { schema: 63, table: 63, view: 63, column: 63, index: 63, constraint: 63 },
        overLimit: "truncate",
      },
      notNullColumnNeedsDefault: true,
      asynchronousSchemaChange: false,
      tableModels: false,
      schemaIsDatabase: false,
      concurrentIndexes: true,
      notValidConstraints: true,
      onlineDdlOptions: false,
      maxDecimalPrecision: 1000,
      timestampEndsIn2038: false,
      characterSets: false,
      nullabilityCanTighten: true,
      keyColumnsImmutable: false,
      viewsBindColumns: true,
      lockTimeoutSetting: "lock_timeout",
      zonedTimestamps: true,
      cheapUnboundedStrings: true,
    });
    expect(storedIdentifier(postgres.identifiers, "MixedCase", false)).toBe("mixedcase");
    const { createPostgresDialect } = await import("../../../src/dialects/postgres/index.js");
    expect(await createPostgresDialect()).toBe(postgres);
  });
});
