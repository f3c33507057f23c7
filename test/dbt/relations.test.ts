import { describe, expect, it } from "vitest";
import { parseManifest, readManifest } from "../../src/dbt/manifest.js";
import {
  ephemeralCteIndex,
  ephemeralCteName,
  ephemeralModelForCte,
  parseRelationName,
  type RelationFields,
  RelationIndex,
  resolveRelation,
} from "../../src/dbt/relations.js";
import {
  mysqlIdentifiers,
  POSTGRES_IDENTIFIERS,
  STARROCKS_IDENTIFIERS,
} from "../../src/dialects/identifiers.js";
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
  const shop = new RelationIndex(readManifest(SHOP_MANIFEST), POSTGRES_IDENTIFIERS);

  it.each([
    ["app", "orders", ["source.shop.app.orders"]],
    ["app", "Customers", ["source.shop.app.Customers"]],
    // PostgreSQL compares stored names exactly: customers is another table than the quoted "Customers",
    // and APP.ORDERS is what a migration quoting the upper-case names would create.
    ["app", "customers", []],
    ["APP", "ORDERS", []],
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

  it("postgres: two names that differ only by case are two tables", () => {
    const index = new RelationIndex(
      inlineProject("postgres", {
        "source.p.upper": '"db"."app"."Orders"',
        "source.p.lower": '"db"."app"."orders"',
      }),
      POSTGRES_IDENTIFIERS,
    );
    expect(ids(index.nodesForTable("app", "Orders"))).toEqual(["source.p.upper"]);
    expect(ids(index.nodesForTable("app", "orders"))).toEqual(["source.p.lower"]);
    expect(ids(index.nodesForTable("app", "ORDERS"))).toEqual([]);
  });

  it("postgres: a quoted mixed-case source is not the lower-case table a migration names", () => {
    const index = new RelationIndex(
      inlineProject("postgres", { "source.p.deals": '"db"."raw"."Deal_Data"' }),
      POSTGRES_IDENTIFIERS,
    );
    expect(ids(index.nodesForTable("raw", "deal_data"))).toEqual([]);
    expect(ids(index.nodesForTable("raw", "Deal_Data"))).toEqual(["source.p.deals"]);
  });

  it("MySQL with lower_case_table_names=1 ignores case; with 0, and StarRocks, it does not", () => {
    const project = inlineProject("mysql", { "model.p.orders": "`Shop`.`Orders`" });
    expect(ids(new RelationIndex(project, mysqlIdentifiers(1)).nodesForTable("shop", "orders"))).toEqual([
      "model.p.orders",
    ]);
    expect(ids(new RelationIndex(project, mysqlIdentifiers(0)).nodesForTable("shop", "orders"))).toEqual([]);
    expect(ids(new RelationIndex(project, STARROCKS_IDENTIFIERS).nodesForTable("shop", "orders"))).toEqual(
      [],
    );
  });

  it("snowflake relations are stored upper case unless quoted", () => {
    const index = new RelationIndex(
      inlineProject("snowflake", { "model.p.gas": "THORCHAIN_DEV.bronze.gas_events" }),
      POSTGRES_IDENTIFIERS,
    );
    expect(ids(index.nodesForTable("BRONZE", "GAS_EVENTS"))).toEqual(["model.p.gas"]);
    expect(ids(index.nodesForTable("bronze", "gas_events"))).toEqual([]);
  });

  it("starrocks and mysql: the schema is the database", () => {
    for (const adapter of ["starrocks", "mysql"]) {
      const index = new RelationIndex(
        inlineProject(adapter, { "model.p.orders": "`shop`.`orders`" }),
        STARROCKS_IDENTIFIERS,
      );
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
      POSTGRES_IDENTIFIERS,
    );
    expect(ids(index.nodesForTable("raw", "raw_orders"))).toEqual([
      "seed.p.raw_orders",
      "source.p.ecom.raw_orders",
    ]);
    expect(index.isBuiltByDbt("raw", "raw_orders")).toBe(true);
  });
});

describe("RelationIndex.nodesForWritten: relation names as compiled SQL writes them (stored form)", () => {
  const project = readManifest(SHOP_MANIFEST);
  const index = new RelationIndex(project, POSTGRES_IDENTIFIERS);

  it.each([
    [["analytics", "app", "orders"], ["source.shop.app.orders"]],
    [["app", "orders"], ["source.shop.app.orders"]],
    // Another database: Schematic's catalog describes one, so the schema and name decide.
    [["prod", "app", "orders"], ["source.shop.app.orders"]],
    [["APP", "ORDERS"], []],
    [["analytics", "app", "Customers"], ["source.shop.app.Customers"]],
    [["analytics", "app", "customers"], []],
    [["analytics", "marts", "customers"], ["model.shop.dim_customers"]],
    // One part depends on the search path: not looked up.
    [["customers"], []],
    [["staging", "int_order_totals"], []],
  ])("%j", (written, expected) => {
    expect(ids(index.nodesForWritten(written))).toEqual(expected);
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
