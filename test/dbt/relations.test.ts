import { describe, expect, it } from "vitest";
import { parseManifest, readManifest } from "../../src/dbt/manifest.js";
import {
  ephemeralCteIndex,
  ephemeralCteName,
  ephemeralModelForCte,
  lookupReference,
  normalizeReference,
  parseRelationName,
  type RelationFields,
  RelationIndex,
  referenceIndex,
  relationKeyForNode,
  resolveRelation,
} from "../../src/dbt/relations.js";
import { dbtFixture, SHOP_MANIFEST } from "./fixture-paths.js";

describe("parseRelationName", () => {
  it.each([
    [
      '"analytics"."app"."orders"',
      [
        ["analytics", true],
        ["app", true],
        ["orders", true],
      ],
    ],
    [
      "`proj`.`dataset`.`t`",
      [
        ["proj", true],
        ["dataset", true],
        ["t", true],
      ],
    ],
    [
      "[dbo].[Orders]",
      [
        ["dbo", true],
        ["Orders", true],
      ],
    ],
    [
      "THORCHAIN_DEV.bronze.gas_events",
      [
        ["THORCHAIN_DEV", false],
        ["bronze", false],
        ["gas_events", false],
      ],
    ],
    [
      'app."Odd ""quoted"" name"',
      [
        ["app", false],
        ['Odd "quoted" name', true],
      ],
    ],
    [
      '"a.b".c',
      [
        ["a.b", true],
        ["c", false],
      ],
    ],
    ["__dbt__cte__stg", [["__dbt__cte__stg", false]]],
  ])("%s", (written, parts) => {
    expect(parseRelationName(written)).toEqual(parts.map(([text, quoted]) => ({ text, quoted })));
  });

  it.each([
    "read_csv('jaffle-shop-data/raw_customers.csv', header = true)",
    '"unterminated.x',
    "a..b",
    "a.",
    '""',
    "select 1",
  ])("%s is not a relation name", (written) => {
    expect(parseRelationName(written)).toBeUndefined();
  });
});

describe("resolveRelation: the physical name per adapter quoting rules", () => {
  const cases: readonly { adapter: string; fields: RelationFields; expected: unknown; why: string }[] = [
    {
      why: "postgres quotes by default: names keep their case",
      adapter: "postgres",
      fields: { relationName: '"analytics"."App"."Orders"' },
      expected: { database: "analytics", schema: "App", identifier: "Orders" },
    },
    {
      why: "postgres with quoting turned off folds to lower case",
      adapter: "postgres",
      fields: { relationName: "analytics.App.Orders" },
      expected: { database: "analytics", schema: "app", identifier: "orders" },
    },
    {
      why: "postgres without relation_name (models before v8): the fields, quoted by default",
      adapter: "postgres",
      fields: { database: "dbt", schema: "Marts", identifier: "Orders" },
      expected: { database: "dbt", schema: "Marts", identifier: "Orders" },
    },
    {
      why: "postgres fields with quoting.identifier false fold that part only",
      adapter: "postgres",
      fields: { database: "dbt", schema: "Marts", identifier: "Orders", quoting: { identifier: false } },
      expected: { database: "dbt", schema: "Marts", identifier: "orders" },
    },
    {
      why: "snowflake does not quote by default: bare names are upper case",
      adapter: "snowflake",
      fields: { relationName: "THORCHAIN_DEV.bronze.gas_events" },
      expected: { database: "THORCHAIN_DEV", schema: "BRONZE", identifier: "GAS_EVENTS" },
    },
    {
      why: "snowflake with a quoted identifier keeps it",
      adapter: "snowflake",
      fields: { relationName: 'ANALYTICS.RAW."events"' },
      expected: { database: "ANALYTICS", schema: "RAW", identifier: "events" },
    },
    {
      why: "snowflake fields, source quoting.identifier true",
      adapter: "snowflake",
      fields: { database: "hevo", schema: "midgard", identifier: "blocks", quoting: { identifier: true } },
      expected: { database: "HEVO", schema: "MIDGARD", identifier: "blocks" },
    },
    {
      why: "bigquery renders backticks",
      adapter: "bigquery",
      fields: { relationName: "`your-project`.`jaffle_shop`.`customers`" },
      expected: { database: "your-project", schema: "jaffle_shop", identifier: "customers" },
    },
    {
      why: "dbt-starrocks: schema is the database, no database level",
      adapter: "starrocks",
      fields: { relationName: "`analytics`.`orders`", database: "analytics", schema: "analytics" },
      expected: { schema: "analytics", identifier: "orders" },
    },
    {
      why: "dbt-starrocks with an external catalog renders three parts",
      adapter: "starrocks",
      fields: { relationName: "`hive_catalog`.`sales`.`orders`" },
      expected: { database: "hive_catalog", schema: "sales", identifier: "orders" },
    },
    {
      why: "dbt-mysql fields: a database equal to the schema is dropped",
      adapter: "mysql",
      fields: { database: "shop", schema: "shop", identifier: "Orders" },
      expected: { schema: "shop", identifier: "Orders" },
    },
    {
      why: "duckdb source on a file: relation_name is a function call, the fields are used",
      adapter: "duckdb",
      fields: {
        relationName: "read_csv('jaffle-shop-data/raw_customers.csv', header = true, auto_detect = true)",
        database: "jaffle_shop",
        schema: "jaffle-shop-data",
        identifier: "raw_customers",
      },
      expected: { database: "jaffle_shop", schema: "jaffle-shop-data", identifier: "raw_customers" },
    },
    {
      why: "no relation_name and no schema: no relation",
      adapter: "postgres",
      fields: { identifier: "orders" },
      expected: undefined,
    },
  ];
  it.each(cases)("$adapter: $why", ({ adapter, fields, expected }) => {
    expect(resolveRelation(fields, adapter)).toEqual(expected);
  });

  it("a real v6 bigquery manifest: the backticked relation_name keeps its case", () => {
    const project = readManifest(dbtFixture("manifests/v6-jaffle-shop-bigquery.json"));
    expect(project.nodes.get("model.jaffle_shop.stg_orders")?.relation).toEqual({
      database: "bigquery_proj",
      schema: "jaffle_shop",
      identifier: "stg_orders",
    });
  });
});

/** A minimal manifest of the given adapter whose nodes live where `relations` say. */
function inlineProject(adapter: string, relations: Record<string, string | null>, materialized = "table") {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  for (const [uniqueId, relationName] of Object.entries(relations)) {
    const [resourceType, , name] = uniqueId.split(".");
    const entry = {
      unique_id: uniqueId,
      resource_type: resourceType,
      name,
      relation_name: relationName,
      config: { materialized: resourceType === "model" ? materialized : resourceType },
    };
    (resourceType === "source" ? sources : nodes)[uniqueId] = entry;
  }
  return parseManifest(
    {
      metadata: {
        dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
        adapter_type: adapter,
      },
      nodes,
      sources,
    },
    `${adapter}.json`,
  );
}

const ids = (nodes: readonly { uniqueId: string }[]) => nodes.map((node) => node.uniqueId);

describe("RelationIndex", () => {
  const shop = new RelationIndex(readManifest(SHOP_MANIFEST));

  it.each([
    ["app", "orders", ["source.shop.app.orders"]],
    ["app", "Customers", ["source.shop.app.Customers"]],
    // Not the exact (quoted) name, but the only relation that matches case-insensitively.
    ["app", "customers", ["source.shop.app.Customers"]],
    ["APP", "ORDERS", ["source.shop.app.orders"]],
    // The model is dim_customers; its table is its alias.
    ["marts", "customers", ["model.shop.dim_customers"]],
    ["marts", "dim_customers", []],
    ["marts", "fct_orders", ["model.shop.fct_orders"]],
    ["seeds", "country_codes", ["seed.shop.country_codes"]],
    ["snapshots", "orders_snapshot", ["snapshot.shop.orders_snapshot"]],
    // Ephemeral models have no table.
    ["staging", "int_order_totals", []],
    ["public", "orders", []],
  ])("postgres: nodesForTable(%s, %s)", (schema, name, expected) => {
    expect(ids(shop.nodesForTable(schema, name))).toEqual(expected);
  });

  it.each([
    ["app", "orders", false],
    ["marts", "customers", true],
    ["marts", "fct_orders", true],
    ["seeds", "country_codes", true],
    ["snapshots", "orders_snapshot", true],
    ["staging", "int_order_totals", false],
  ])("isBuiltByDbt(%s, %s) is %s", (schema, name, built) => {
    expect(shop.isBuiltByDbt(schema, name)).toBe(built);
  });

  it("postgres: never guesses between two names that differ only by case", () => {
    const index = new RelationIndex(
      inlineProject("postgres", {
        "source.p.upper": '"db"."app"."Orders"',
        "source.p.lower": '"db"."app"."orders"',
      }),
    );
    expect(ids(index.nodesForTable("app", "Orders"))).toEqual(["source.p.upper"]);
    expect(ids(index.nodesForTable("app", "orders"))).toEqual(["source.p.lower"]);
    expect(ids(index.nodesForTable("app", "ORDERS"))).toEqual([]);
  });

  it("snowflake: case-insensitive", () => {
    const index = new RelationIndex(
      inlineProject("snowflake", { "model.p.gas": "THORCHAIN_DEV.bronze.gas_events" }),
    );
    expect(ids(index.nodesForTable("bronze", "gas_events"))).toEqual(["model.p.gas"]);
    expect(ids(index.nodesForTable("BRONZE", "Gas_Events"))).toEqual(["model.p.gas"]);
  });

  it("bigquery: datasets case-insensitive, table names exact first", () => {
    const index = new RelationIndex(
      inlineProject("bigquery", {
        "model.p.upper": "`proj`.`Jaffle`.`Orders`",
        "model.p.lower": "`proj`.`Jaffle`.`orders`",
      }),
    );
    expect(ids(index.nodesForTable("jaffle", "orders"))).toEqual(["model.p.lower"]);
    expect(ids(index.nodesForTable("JAFFLE", "Orders"))).toEqual(["model.p.upper"]);
    expect(ids(index.nodesForTable("jaffle", "ORDERS"))).toEqual([]);
  });

  it("starrocks and mysql: the schema is the database", () => {
    for (const adapter of ["starrocks", "mysql"]) {
      const index = new RelationIndex(inlineProject(adapter, { "model.p.orders": "`shop`.`orders`" }));
      expect(ids(index.nodesForTable("shop", "orders"))).toEqual(["model.p.orders"]);
      expect(index.isBuiltByDbt("shop", "orders")).toBe(true);
    }
  });

  it("a seed and a source on one table are both returned", () => {
    const index = new RelationIndex(
      inlineProject("duckdb", {
        "seed.p.raw_orders": '"jaffle_shop"."raw"."raw_orders"',
        "source.p.ecom.raw_orders": '"jaffle_shop"."raw"."raw_orders"',
      }),
    );
    expect(ids(index.nodesForTable("raw", "raw_orders"))).toEqual([
      "seed.p.raw_orders",
      "source.p.ecom.raw_orders",
    ]);
    expect(index.isBuiltByDbt("raw", "raw_orders")).toBe(true);
  });

  it("relationKeyForNode folds only the parts the adapter compares case-insensitively", () => {
    const node = { relation: { schema: "Jaffle", identifier: "Orders" } } as Parameters<
      typeof relationKeyForNode
    >[0];
    expect(relationKeyForNode(node, "postgres")).toBe("Jaffle.Orders");
    expect(relationKeyForNode(node, "bigquery")).toBe("jaffle.Orders");
    expect(relationKeyForNode(node, "snowflake")).toBe("jaffle.orders");
    expect(relationKeyForNode({ ...node, relation: undefined }, "postgres")).toBeUndefined();
  });
});

describe("referenceIndex: relation names as compiled SQL writes them", () => {
  const project = readManifest(SHOP_MANIFEST);
  const index = referenceIndex(project);

  it.each([
    ['"analytics"."app"."orders"', ["source.shop.app.orders"]],
    ["app.orders", ["source.shop.app.orders"]],
    ["ANALYTICS.APP.ORDERS", ["source.shop.app.orders"]],
    ['"analytics"."app"."Customers"', ["source.shop.app.Customers"]],
    ['"analytics"."marts"."customers"', ["model.shop.dim_customers"]],
    // One part is ambiguous: the aliased model and the source share the name.
    ["customers", ["model.shop.dim_customers", "source.shop.app.Customers"]],
    ["`marts`.`fct_orders`", ["model.shop.fct_orders"]],
    ["staging.int_order_totals", []],
    ["read_csv('x.csv')", []],
  ])("%s", (written, expected) => {
    expect(lookupReference(index, written)).toEqual(expected);
  });

  it("normalizeReference lower-cases and unquotes 1 to 3 parts", () => {
    expect(normalizeReference('"DB"."Schema"."T"')).toBe("db.schema.t");
    expect(normalizeReference("a.b.c.d")).toBeUndefined();
  });

  it("maps dbt's ephemeral CTE names to the model", () => {
    const ctes = ephemeralCteIndex(project);
    const ephemeral = project.nodes.get("model.shop.int_order_totals")!;
    expect(ephemeralCteName(ephemeral)).toBe("__dbt__cte__int_order_totals");
    expect(ephemeralModelForCte(ctes, "__dbt__cte__int_order_totals")).toBe("model.shop.int_order_totals");
    expect(ephemeralModelForCte(ctes, '"__DBT__CTE__INT_ORDER_TOTALS"')).toBe("model.shop.int_order_totals");
    expect(ephemeralModelForCte(ctes, "dbt__CTE__int_order_totals")).toBe("model.shop.int_order_totals");
    expect(ephemeralModelForCte(ctes, "totals")).toBeUndefined();
    // stg_orders is a view, not ephemeral.
    expect(ephemeralModelForCte(ctes, "__dbt__cte__stg_orders")).toBeUndefined();
  });

  it("finds the ephemeral CTE in the model's compiled SQL", () => {
    const compiled = project.nodes.get("model.shop.fct_orders")!.compiledCode!;
    const cte = /with\s+(\w+)\s+as\s*\(/.exec(compiled)?.[1];
    expect(cte).toBe("__dbt__cte__int_order_totals");
    expect(ephemeralModelForCte(ephemeralCteIndex(project), cte!)).toBe("model.shop.int_order_totals");
  });
});
