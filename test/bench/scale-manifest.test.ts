import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CopyRenamer,
  indexProject,
  type JsonObject,
  writeScaledManifest,
} from "../../bench/scale-manifest.js";
import {
  baselineMigration,
  dropColumnMigration,
  dropTargets,
  postgresTypeFor,
  sourceTables,
} from "../../bench/scale-migrations.js";

/** A Snowflake project in miniature: a source, a model reading it, a model reading that, and a test. */
const MANIFEST: JsonObject = {
  metadata: { adapter_type: "snowflake" },
  nodes: {
    "model.p.stg_events": {
      unique_id: "model.p.stg_events",
      resource_type: "model",
      name: "stg_events",
      alias: "events",
      relation_name: "DEV.staging.events",
      fqn: ["p", "staging", "stg_events"],
      depends_on: { nodes: ["source.p.raw.events"] },
      refs: [],
      sources: [["raw", "events"]],
      compiled_sql: "select id, amount from RAW_DB.RAW.events where RAW_DB.RAW.events.id > 0",
    },
    "model.p.fct_daily": {
      unique_id: "model.p.fct_daily",
      resource_type: "model",
      name: "fct_daily",
      alias: "fct_daily",
      relation_name: "DEV.core.fct_daily",
      fqn: ["p", "core", "fct_daily"],
      depends_on: { nodes: ["model.p.stg_events"] },
      refs: [["stg_events"]],
      sources: [],
      compiled_sql: "select e.amount from DEV.staging.events e",
    },
    "test.p.not_null_stg_events_id.1a": {
      unique_id: "test.p.not_null_stg_events_id.1a",
      resource_type: "test",
      name: "not_null_stg_events_id",
      depends_on: { nodes: ["model.p.stg_events"] },
      test_metadata: {
        name: "not_null",
        kwargs: { column_name: "id", model: "{{ get_where_subquery(ref('stg_events')) }}" },
      },
      compiled_sql: "select id from DEV.staging.events where id is null",
    },
  },
  sources: {
    "source.p.raw.events": {
      unique_id: "source.p.raw.events",
      resource_type: "source",
      name: "events",
      source_name: "raw",
      identifier: "events",
      schema: "RAW",
      database: "RAW_DB",
      relation_name: "RAW_DB.RAW.events",
      fqn: ["p", "raw", "events"],
    },
  },
  parent_map: {
    "model.p.stg_events": ["source.p.raw.events"],
    "model.p.fct_daily": ["model.p.stg_events"],
    "test.p.not_null_stg_events_id.1a": ["model.p.stg_events"],
    "source.p.raw.events": [],
  },
  child_map: {
    "source.p.raw.events": ["model.p.stg_events"],
    "model.p.stg_events": ["model.p.fct_daily", "test.p.not_null_stg_events_id.1a"],
    "model.p.fct_daily": [],
    "test.p.not_null_stg_events_id.1a": [],
  },
};

const CATALOG: JsonObject = {
  metadata: {},
  nodes: {},
  sources: {
    "source.p.raw.events": {
      unique_id: "source.p.raw.events",
      metadata: { schema: "RAW", name: "EVENTS", database: "RAW_DB" },
      columns: {
        AMOUNT: { name: "AMOUNT", type: "FLOAT", index: 2 },
        ID: { name: "ID", type: "NUMBER", index: 1 },
      },
    },
  },
};

const index = indexProject(MANIFEST);

describe("CopyRenamer.sql", () => {
  const sql = "select a.x from RAW_DB.RAW.events a join DEV.staging.events b on DEV.staging.events.id = a.x";
  it.each([
    { copy: 0, shared: false, expected: sql },
    {
      copy: 2,
      shared: false,
      expected:
        "select a.x from RAW_DB.RAW_C2.events a join DEV.staging.events_c2 b on DEV.staging.events_c2.id = a.x",
    },
    {
      copy: 2,
      shared: true,
      expected:
        "select a.x from RAW_DB.RAW.events a join DEV.staging.events_c2 b on DEV.staging.events_c2.id = a.x",
    },
  ])("copy $copy, shared sources $shared", ({ copy, shared, expected }) => {
    expect(new CopyRenamer(index, copy, shared).sql(sql)).toBe(expected);
  });

  it("matches relation names case-insensitively and leaves other dotted names alone", () => {
    expect(new CopyRenamer(index, 1, false).sql("from raw_db.raw.EVENTS join x.events")).toBe(
      "from RAW_DB.RAW_C1.events join x.events",
    );
  });
});

describe("CopyRenamer.node", () => {
  const renamer = new CopyRenamer(index, 3, false);
  it("renames a model's id, name, alias, relation, refs and dependencies", () => {
    const model = renamer.node(
      "model.p.fct_daily",
      (MANIFEST.nodes as JsonObject)["model.p.fct_daily"] as JsonObject,
    );
    expect(model).toMatchObject({
      unique_id: "model.p.fct_daily_c3",
      name: "fct_daily_c3",
      alias: "fct_daily_c3",
      relation_name: "DEV.core.fct_daily_c3",
      fqn: ["p", "core", "fct_daily_c3"],
      depends_on: { nodes: ["model.p.stg_events_c3"] },
      refs: [["stg_events_c3"]],
      compiled_sql: "select e.amount from DEV.staging.events_c3 e",
    });
  });

  it("moves a source to its own schema and keeps its identifier", () => {
    const source = renamer.node(
      "source.p.raw.events",
      (MANIFEST.sources as JsonObject)["source.p.raw.events"] as JsonObject,
    );
    expect(source).toMatchObject({
      unique_id: "source.p.raw.events_c3",
      name: "events_c3",
      identifier: "events",
      schema: "RAW_C3",
      relation_name: "RAW_DB.RAW_C3.events",
    });
  });

  it("renames ref() inside a test's kwargs", () => {
    const test = renamer.node(
      "test.p.not_null_stg_events_id.1a",
      (MANIFEST.nodes as JsonObject)["test.p.not_null_stg_events_id.1a"] as JsonObject,
    );
    expect(test.test_metadata).toEqual({
      name: "not_null",
      kwargs: { column_name: "id", model: "{{ get_where_subquery(ref('stg_events_c3')) }}" },
    });
  });
});

describe("writeScaledManifest", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-scale-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    {
      shared: false,
      counts: { models: 6, tests: 3, sources: 3, nodes: 12 },
      sourceChildren: {
        "source.p.raw.events": ["model.p.stg_events"],
        "source.p.raw.events_c1": ["model.p.stg_events_c1"],
      },
    },
    {
      shared: true,
      counts: { models: 6, tests: 3, sources: 1, nodes: 10 },
      sourceChildren: {
        "source.p.raw.events": ["model.p.stg_events", "model.p.stg_events_c1", "model.p.stg_events_c2"],
      },
    },
  ])("three copies, shared sources $shared", ({ shared, counts, sourceChildren }) => {
    const file = path.join(dir, `manifest-${shared}.json`);
    expect(writeScaledManifest(MANIFEST, { copies: 3, sharedSources: shared }, file)).toEqual(counts);
    const written = JSON.parse(readFileSync(file, "utf8")) as {
      child_map: Record<string, string[]>;
      nodes: object;
    };
    expect(Object.keys(written.nodes)).toHaveLength(9);
    for (const [source, children] of Object.entries(sourceChildren))
      expect(written.child_map[source]).toEqual(children);
  });
});

describe("migrations for the scaled project", () => {
  it.each([
    ["NUMBER", "numeric"],
    ["NUMBER(38,0)", "numeric"],
    ["TIMESTAMP_NTZ", "timestamp"],
    ["VARIANT", "jsonb"],
    ["GEOGRAPHY", "text"],
  ])("%s maps to %s", (warehouse, postgres) => {
    expect(postgresTypeFor(warehouse)).toBe(postgres);
  });

  it("creates every copy's source tables in catalog column order", () => {
    expect(baselineMigration(sourceTables(MANIFEST, CATALOG, { copies: 2, sharedSources: false }))).toBe(
      [
        "-- Generated by bench/bench.ts: the source tables of every copy, columns from catalog.json.",
        // Snowflake stores the unquoted RAW_DB.RAW.events as RAW.EVENTS: the migrations create that table.
        'CREATE SCHEMA IF NOT EXISTS "RAW";',
        'CREATE SCHEMA IF NOT EXISTS "RAW_C1";',
        'CREATE TABLE "RAW"."EVENTS" (\n  "id" numeric,\n  "amount" double precision\n);',
        'CREATE TABLE "RAW_C1"."EVENTS" (\n  "id" numeric,\n  "amount" double precision\n);',
        "",
      ].join("\n"),
    );
  });

  it("drops the source column the most direct child models name", () => {
    const targets = dropTargets(MANIFEST, CATALOG);
    expect(targets).toEqual([
      {
        sourceId: "source.p.raw.events",
        schema: "RAW",
        table: "EVENTS",
        column: "id",
        downstreamModels: 2,
        directReaders: 1,
      },
    ]);
    expect(dropColumnMigration(targets)).toBe(
      '-- Generated by bench/bench.ts: the change under review.\nALTER TABLE "RAW"."EVENTS" DROP COLUMN "id";\n',
    );
  });
});
