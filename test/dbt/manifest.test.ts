import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catalogColumnTypes, readCatalog, relationTypeOf } from "../../src/dbt/catalog-json.js";
import { parseManifest, readManifest } from "../../src/dbt/manifest.js";
import type { DbtProject } from "../../src/dbt/model.js";
import { formatError, SchematicError } from "../../src/errors.js";
import { dbtFixture, RECCE_CATALOG, RECCE_MANIFEST, SHOP_CATALOG, SHOP_MANIFEST } from "./fixture-paths.js";

function countByType(project: DbtProject): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of project.nodes.values()) counts[node.resourceType] = (counts[node.resourceType] ?? 0) + 1;
  return counts;
}

const STATE_V7_TO_V9 = {
  model: 1,
  snapshot: 1,
  analysis: 1,
  test: 3,
  seed: 1,
  source: 1,
  exposure: 1,
  metric: 1,
};
const STATE_V10_TO_V12 = { ...STATE_V7_TO_V9, model: 2, metric: 4, semantic_model: 1 };

describe("readManifest: one real manifest per schema version", () => {
  it.each([
    {
      file: "v4-jaffle-shop-bigquery.json",
      version: 4,
      dbt: "1.0.0",
      adapter: "bigquery",
      // 20 tests in `nodes`, 2 of them enabled: false (they test the disabled `customers` model).
      counts: { model: 5, seed: 3, test: 18 },
      compiled: 0,
      node: "model.jaffle_shop.orders",
      dependsOn: ["model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_payments"],
    },
    {
      file: "v5-dbt-core-state.json",
      version: 5,
      dbt: "1.1.2",
      adapter: "postgres",
      counts: { model: 1, metric: 1 },
      compiled: 0,
      node: "metric.test.my_metric",
      dependsOn: ["model.test.my_model"],
    },
    {
      file: "v6-jaffle-shop-bigquery.json",
      version: 6,
      dbt: "1.2.1",
      adapter: "bigquery",
      counts: { model: 5, seed: 3, test: 20 },
      compiled: 5,
      node: "model.jaffle_shop.customers",
      dependsOn: [
        "model.jaffle_shop.stg_customers",
        "model.jaffle_shop.stg_orders",
        "model.jaffle_shop.stg_payments",
      ],
    },
    ...[7, 8, 9].map((version) => ({
      file: `v${version}-dbt-core-state.json`,
      version,
      dbt: { 7: "1.3.2", 8: "1.5.0a1", 9: "1.5.0b5" }[version]!,
      adapter: "postgres",
      counts: STATE_V7_TO_V9,
      compiled: 0,
      node: "snapshot.test.snapshot_seed",
      dependsOn: ["seed.test.my_seed"],
    })),
    ...[10, 11, 12].map((version) => ({
      file: `v${version}-dbt-core-state.json`,
      version,
      dbt: { 10: "1.6.6", 11: "1.7.6", 12: "1.11.0a1" }[version]!,
      adapter: "postgres",
      counts: STATE_V10_TO_V12,
      compiled: 0,
      node: "semantic_model.test.semantic_people",
      dependsOn: ["model.test.my_model"],
    })),
  ])(
    "$file reads as schema v$version",
    ({ file, version, dbt, adapter, counts, compiled, node, dependsOn }) => {
      const project = readManifest(dbtFixture(`manifests/${file}`));
      expect(project.schemaVersion).toBe(version);
      expect(project.dbtVersion).toBe(dbt);
      expect(project.adapter).toBe(adapter);
      expect(countByType(project)).toEqual(counts);
      expect([...project.nodes.values()].filter((n) => n.compiledCode !== undefined)).toHaveLength(compiled);
      expect(project.nodes.get(node)?.dependsOn).toEqual(dependsOn);
      expect(project.catalogPath).toBeUndefined();
    },
  );

  it("reads raw_sql before v7 and raw_code from v7", () => {
    const v4 = readManifest(dbtFixture("manifests/v4-jaffle-shop-bigquery.json"));
    expect(v4.nodes.get("model.jaffle_shop.stg_customers")?.rawCode?.startsWith("with source as (")).toBe(
      true,
    );
    const v7 = readManifest(dbtFixture("manifests/v7-dbt-core-state.json"));
    expect(v7.nodes.get("model.test.my_model")?.rawCode).toBe("select 1 as id");
  });

  it("reads compiled_sql (v6) and compiled_code (v12) when the project was compiled", () => {
    const v6 = readManifest(dbtFixture("manifests/v6-jaffle-shop-bigquery.json"));
    expect(v6.nodes.get("model.jaffle_shop.stg_orders")?.compiledCode).toContain(
      "select * from `bigquery_proj`.`jaffle_shop`.`raw_orders`",
    );
    const recce = readManifest(RECCE_MANIFEST);
    expect(recce.nodes.get("model.jaffle_shop.customers")?.compiledCode).toContain(
      'select * from "jaffle_shop"."prod"."stg_customers"',
    );
  });

  it("leaves out disabled nodes: the `disabled` map and tests left in `nodes` with enabled: false", () => {
    const v4 = readManifest(dbtFixture("manifests/v4-jaffle-shop-bigquery.json"));
    expect(v4.nodes.has("model.jaffle_shop.customers")).toBe(false);
    expect(v4.nodes.has("test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1")).toBe(false);
    const v12 = readManifest(dbtFixture("manifests/v12-dbt-core-state.json"));
    expect(v12.nodes.has("model.test.disabled_model")).toBe(false);
    expect(v12.nodes.has("source.test.my_source.disabled_table")).toBe(false);
  });

  it("attaches generic tests: v12 attached_node, and inferred from kwargs.model before v9", () => {
    for (const version of [7, 12]) {
      const project = readManifest(dbtFixture(`manifests/v${version}-dbt-core-state.json`));
      expect(project.nodes.get("test.test.not_null_my_model_id.43e0e9183a")?.test).toEqual({
        name: "not_null",
        columnName: "id",
        attachedNode: "model.test.my_model",
        kwargs: { column_name: "id", model: "{{ get_where_subquery(ref('my_model')) }}" },
      });
      // A singular test (a SQL file) has no generic-test metadata.
      expect(project.nodes.get("test.test.just_my")?.test).toBeUndefined();
    }
  });

  it("builds child_map and parent_map from depends_on exactly as dbt wrote them", () => {
    for (const file of ["manifests/v4-jaffle-shop-bigquery.json", "manifests/v12-dbt-core-state.json"]) {
      const json = JSON.parse(readFileSync(dbtFixture(file), "utf8"));
      const built = parseManifest(json, file);
      const sorted = (entries: Iterable<readonly [string, readonly string[]]>) =>
        [...entries].map(([id, list]) => [id, [...new Set(list)].sort()]).sort();
      // What dbt wrote, less the disabled nodes (a test of a disabled model is written with enabled: false).
      const enabled = (id: string) => built.nodes.has(id);
      const written = (map: Record<string, string[]>) =>
        Object.entries(map)
          .filter(([id]) => enabled(id))
          .map(([id, list]) => [id, list.filter(enabled)] as const);
      expect(built.childMap.size).toBeGreaterThan(10);
      expect(sorted(built.childMap)).toEqual(sorted(written(json.child_map)));
      expect(sorted(built.parentMap)).toEqual(sorted(written(json.parent_map)));
    }
  });

  it("drops repeated child_map edges (dbt 1.2 wrote one per ref) and edges to disabled nodes", () => {
    const project = parseManifest(
      {
        metadata: {
          dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v6.json",
          adapter_type: "snowflake",
        },
        nodes: {
          "model.p.a": {
            unique_id: "model.p.a",
            resource_type: "model",
            name: "a",
            config: { materialized: "view" },
          },
          "model.p.b": {
            unique_id: "model.p.b",
            resource_type: "model",
            name: "b",
            depends_on: { nodes: ["model.p.a"] },
          },
          "test.p.t": {
            unique_id: "test.p.t",
            resource_type: "test",
            name: "t",
            config: { enabled: false },
            depends_on: { nodes: ["model.p.a"] },
          },
        },
        sources: {},
        child_map: { "model.p.a": ["model.p.b", "model.p.b", "test.p.t"], "model.p.b": [], "test.p.t": [] },
        parent_map: { "model.p.a": [], "model.p.b": ["model.p.a", "model.p.a"], "test.p.t": ["model.p.a"] },
      },
      "inline.json",
    );
    expect([...project.childMap]).toEqual([
      ["model.p.a", ["model.p.b"]],
      ["model.p.b", []],
    ]);
    expect(project.parentMap.get("model.p.b")).toEqual(["model.p.a"]);
  });
});

describe("the handmade v12 project (contracts, constraints, every resource type)", () => {
  const project = readManifest(SHOP_MANIFEST);

  it("reads metadata and every collection, leaving disabled nodes out", () => {
    expect(project.projectName).toBe("shop");
    expect(project.adapter).toBe("postgres");
    expect(countByType(project)).toEqual({
      model: 4,
      seed: 1,
      snapshot: 1,
      test: 5,
      source: 2,
      exposure: 1,
      metric: 1,
      semantic_model: 1,
      unit_test: 1,
    });
    expect(project.nodes.has("model.shop.old_orders")).toBe(false);
    expect(project.nodes.has("test.shop.not_null_old_orders_id.999999")).toBe(false);
  });

  it("reads an enforced contract with column-level and model-level not_null constraints", () => {
    const fct = project.nodes.get("model.shop.fct_orders")!;
    expect(fct.contractEnforced).toBe(true);
    expect(fct.materialized).toBe("table");
    expect([...fct.columns]).toEqual([
      [
        "order_id",
        { name: "order_id", dataType: "integer", dataTypeSource: "yaml", notNullConstraint: true },
      ],
      // not_null from the model-level constraint `{type: not_null, columns: [customer_id]}`.
      [
        "customer_id",
        { name: "customer_id", dataType: "integer", dataTypeSource: "yaml", notNullConstraint: true },
      ],
      [
        "amount_total",
        { name: "amount_total", dataType: "numeric(12,2)", dataTypeSource: "yaml", notNullConstraint: false },
      ],
    ]);
  });

  it("does not count a not_null constraint without an enforced contract (dbt does not apply it)", () => {
    const dim = project.nodes.get("model.shop.dim_customers")!;
    expect(dim.contractEnforced).toBe(false);
    expect(dim.columns.get("id")?.notNullConstraint).toBe(false);
    // Keys are lower case; the name keeps the YAML's spelling.
    expect(dim.columns.get("email")?.name).toBe("Email");
  });

  it("gives relations to models, seeds, snapshots and sources, none to ephemeral models and tests", () => {
    const relations = Object.fromEntries([...project.nodes].map(([id, node]) => [id, node.relation]));
    expect(relations).toMatchObject({
      "model.shop.stg_orders": { database: "analytics", schema: "staging", identifier: "stg_orders" },
      "model.shop.fct_orders": { database: "analytics", schema: "marts", identifier: "fct_orders" },
      "model.shop.dim_customers": { database: "analytics", schema: "marts", identifier: "customers" },
      "seed.shop.country_codes": { database: "analytics", schema: "seeds", identifier: "country_codes" },
      "snapshot.shop.orders_snapshot": {
        database: "analytics",
        schema: "snapshots",
        identifier: "orders_snapshot",
      },
      "source.shop.app.orders": { database: "analytics", schema: "app", identifier: "orders" },
      "source.shop.app.Customers": { database: "analytics", schema: "app", identifier: "Customers" },
    });
    expect(project.nodes.get("model.shop.int_order_totals")?.relation).toBeUndefined();
    expect(project.nodes.get("model.shop.int_order_totals")?.materialized).toBe("ephemeral");
    expect(project.nodes.get("test.shop.assert_positive_amounts")?.relation).toBeUndefined();
    expect(project.nodes.get("exposure.shop.revenue_dashboard")?.relation).toBeUndefined();
  });

  it("reads test metadata, inferring the attached node from a ref() or a source()", () => {
    const tests = Object.fromEntries(
      [...project.nodes.values()]
        .filter((node) => node.resourceType === "test")
        .map((node) => [node.name, node.test]),
    );
    expect(tests).toEqual({
      not_null_fct_orders_order_id: {
        name: "not_null",
        columnName: "order_id",
        attachedNode: "model.shop.fct_orders",
        kwargs: { column_name: "order_id", model: "{{ get_where_subquery(ref('fct_orders')) }}" },
      },
      relationships_fct_orders_customer_id__id__ref_dim_customers_: {
        name: "relationships",
        columnName: "customer_id",
        attachedNode: "model.shop.fct_orders",
        kwargs: {
          column_name: "customer_id",
          to: "ref('dim_customers')",
          field: "id",
          model: "{{ get_where_subquery(ref('fct_orders')) }}",
        },
      },
      dbt_utils_unique_combination_of_columns_fct_orders_order_id__customer_id: {
        name: "unique_combination_of_columns",
        namespace: "dbt_utils",
        attachedNode: "model.shop.fct_orders",
        kwargs: {
          combination_of_columns: ["order_id", "customer_id"],
          model: "{{ get_where_subquery(ref('fct_orders')) }}",
        },
      },
      accepted_values_orders_status: {
        name: "accepted_values",
        columnName: "status",
        attachedNode: "source.shop.app.orders",
        kwargs: {
          column_name: "status",
          values: ["open", "shipped"],
          model: "{{ get_where_subquery(source('app', 'orders')) }}",
        },
      },
      assert_positive_amounts: undefined,
    });
  });

  it("keeps exposures, semantic models, metrics and unit tests as nodes with their dependencies", () => {
    expect(project.nodes.get("exposure.shop.revenue_dashboard")).toMatchObject({
      exposureType: "dashboard",
      owner: "Finance <finance@example.com>",
      dependsOn: ["model.shop.fct_orders"],
    });
    expect(project.nodes.get("metric.shop.revenue")?.dependsOn).toEqual(["semantic_model.shop.orders"]);
    expect(project.nodes.get("unit_test.shop.fct_orders.test_amount_total")?.dependsOn).toEqual([
      "model.shop.fct_orders",
    ]);
  });

  it("builds child_map from depends_on when the manifest has none", () => {
    expect(project.childMap.get("model.shop.fct_orders")).toEqual([
      "exposure.shop.revenue_dashboard",
      "semantic_model.shop.orders",
      "test.shop.assert_positive_amounts",
      "test.shop.dbt_utils_unique_combination_of_columns_fct_orders_order_id__customer_id.7a8b9c",
      "test.shop.not_null_fct_orders_order_id.1a2b3c",
      "test.shop.relationships_fct_orders_customer_id__id__ref_dim_customers_.4d5e6f",
      "unit_test.shop.fct_orders.test_amount_total",
    ]);
    expect(project.parentMap.get("model.shop.fct_orders")).toEqual([
      "model.shop.int_order_totals",
      "model.shop.dim_customers",
    ]);
    expect(project.childMap.get("metric.shop.revenue")).toEqual([]);
  });
});

describe("catalog.json", () => {
  it("merges warehouse columns in table order, keeping YAML types and documented-only columns", () => {
    const project = readManifest(SHOP_MANIFEST, { catalogPath: SHOP_CATALOG });
    expect(project.catalogPath).toBe(SHOP_CATALOG);
    const fct = project.nodes.get("model.shop.fct_orders")!;
    expect(fct.columnsComplete).toBe(true);
    // YAML declares customer_id integer; the catalog's bigint does not override it.
    expect(fct.columns.get("customer_id")).toMatchObject({ dataType: "integer", dataTypeSource: "yaml" });
    const stg = project.nodes.get("model.shop.stg_orders")!;
    expect([...stg.columns]).toEqual([
      [
        "order_id",
        {
          name: "order_id",
          description: "One row per order.",
          dataType: "integer",
          dataTypeSource: "catalog",
          notNullConstraint: false,
        },
      ],
      [
        "customer_id",
        { name: "customer_id", dataType: "integer", dataTypeSource: "catalog", notNullConstraint: false },
      ],
      [
        "amount",
        { name: "amount", dataType: "numeric(10,2)", dataTypeSource: "catalog", notNullConstraint: false },
      ],
    ]);
    const customers = project.nodes.get("source.shop.app.Customers")!;
    expect(
      [...customers.columns.values()].map((column) => [column.name, column.dataType, column.dataTypeSource]),
    ).toEqual([
      ["Id", "integer", "catalog"],
      ["Email", "text", "yaml"],
    ]);
    // No catalog entry: columns stay the YAML ones, not complete.
    const snapshot = project.nodes.get("snapshot.shop.orders_snapshot")!;
    expect(snapshot.columnsComplete).toBe(false);
  });

  it("merges a real catalog (recce jaffle_shop, duckdb), keeping a YAML column the warehouse lacks", () => {
    const project = readManifest(RECCE_MANIFEST, { catalogPath: RECCE_CATALOG });
    const complete = [...project.nodes.values()]
      .filter((node) => node.columnsComplete)
      .map((node) => node.uniqueId);
    expect(complete.sort()).toEqual([
      "model.jaffle_shop.customer_order_pattern",
      "model.jaffle_shop.customer_segments",
      "model.jaffle_shop.customers",
      "model.jaffle_shop.orders",
      "model.jaffle_shop.stg_customers",
      "model.jaffle_shop.stg_orders",
      "model.jaffle_shop.stg_payments",
    ]);
    const customers = project.nodes.get("model.jaffle_shop.customers")!;
    expect([...customers.columns.keys()]).toEqual([
      "customer_id",
      "first_name",
      "last_name",
      "first_order",
      "most_recent_order",
      "number_of_orders",
      "customer_lifetime_value",
      "total_order_amount",
    ]);
    expect(customers.columns.get("customer_lifetime_value")?.dataType).toBe("BIGINT");
    expect(customers.columns.get("total_order_amount")?.dataType).toBeUndefined();
  });

  it("keeps what the warehouse says each relation is (a real catalog: duckdb's VIEW and BASE TABLE)", () => {
    const project = readManifest(RECCE_MANIFEST, { catalogPath: RECCE_CATALOG });
    const types = Object.fromEntries(
      [...project.nodes.values()]
        .filter((node) => node.warehouseRelationType !== undefined)
        .map((node) => [node.name, node.warehouseRelationType]),
    );
    expect(types).toMatchObject({ stg_customers: "view", stg_orders: "view", customers: "table" });
    expect(
      ["VIEW", "BASE TABLE", "view", "MATERIALIZED VIEW", "materialized view", undefined].map(relationTypeOf),
    ).toEqual(["view", "table", "view", "materialized_view", "materialized_view", undefined]);
  });

  it("exposes catalog column types keyed by unique_id", () => {
    const types = catalogColumnTypes(readCatalog(SHOP_CATALOG));
    expect(types.get("source.shop.app.orders")).toEqual(
      new Map([
        ["id", "integer"],
        ["customer_id", "integer"],
        ["amount", "numeric(10,2)"],
        ["status", "character varying(20)"],
      ]),
    );
    expect(types.get("source.shop.app.Customers")?.get("email")).toBe("text");
  });
});

describe("errors name the file, say what is wrong and what to do", () => {
  const dir = mkdtempSync(join(tmpdir(), "schematic-manifest-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const caught = (run: () => unknown): SchematicError => {
    try {
      run();
    } catch (error) {
      if (error instanceof SchematicError) return error;
      throw error;
    }
    throw new Error("expected a SchematicError");
  };
  const metadata = (version: string) => ({
    dbt_schema_version: `https://schemas.getdbt.com/dbt/${version}.json`,
    dbt_version: "9.9.9",
  });

  it.each([
    {
      name: "truncated.json",
      text: '{\n  "metadata": {\n    "dbt_schema_version": "x"\n  ,\n',
      code: "manifest-invalid",
      message:
        "The dbt manifest is not valid JSON: it ends where a property name in double quotes was expected (is the file truncated?).",
      line: 5,
      column: 1,
    },
    {
      name: "trailing-comma.json",
      text: '{\n  "nodes": {},\n}',
      code: "manifest-invalid",
      message:
        'The dbt manifest is not valid JSON: found "}" where a property name in double quotes was expected.',
      line: 3,
      column: 1,
    },
    {
      name: "bad-token.json",
      text: '{"metadata": {"a": tru}}',
      code: "manifest-invalid",
      message: 'The dbt manifest is not valid JSON: found "}" where `true` was expected.',
      line: 1,
      column: 23,
    },
    { name: "empty.json", text: "  \n", code: "manifest-invalid", message: "The dbt manifest is empty." },
    {
      name: "array.json",
      text: "[]",
      code: "manifest-invalid",
      message: "This is not a dbt manifest: it has no `metadata` object.",
    },
    {
      name: "catalog-as-manifest.json",
      text: JSON.stringify({ metadata: metadata("catalog/v1"), nodes: {}, sources: {} }),
      code: "manifest-invalid",
      message:
        "This is not a dbt manifest: it is a dbt catalog artifact (https://schemas.getdbt.com/dbt/catalog/v1.json).",
    },
    {
      name: "no-version.json",
      text: JSON.stringify({ metadata: {}, nodes: {} }),
      code: "manifest-invalid",
      message: "This is not a dbt manifest: `metadata.dbt_schema_version` is missing.",
    },
    {
      name: "v3.json",
      text: JSON.stringify({ metadata: { ...metadata("manifest/v3"), dbt_version: "0.21.1" }, nodes: {} }),
      code: "manifest-invalid",
      message: "This dbt manifest is schema v3 (dbt 0.21.1); Schematic reads v4 (dbt 1.0) to v12.",
      hint: "Regenerate it with dbt 1.0 or later: `dbt compile` writes target/manifest.json.",
    },
    {
      name: "v13-other-shape.json",
      text: JSON.stringify({ metadata: metadata("manifest/v13"), resources: [] }),
      code: "manifest-invalid",
      message:
        "This dbt manifest is schema v13, newer than Schematic knows (v4 to v12), and it has no `nodes` object.",
      hint: "Regenerate it with a dbt release that writes schema v12 (dbt 1.8 to 1.11), or upgrade Schematic.",
    },
    {
      name: "node-not-object.json",
      text: JSON.stringify({ metadata: metadata("manifest/v12"), nodes: { "model.p.a": "select 1" } }),
      code: "manifest-invalid",
      message: "This is not a dbt manifest: `nodes.model.p.a` is not an object.",
    },
  ])("$name: $code", ({ name, text, code, message, line, column, hint }) => {
    const path = write(name, text);
    const error = caught(() => readManifest(path));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.location).toEqual(line === undefined ? { file: path } : { file: path, line, column });
    if (hint !== undefined) expect(error.hint).toBe(hint);
    expect(formatError(error)).toContain(path);
  });

  it("accepts a newer schema version that still has the v12 shape", () => {
    const path = write(
      "v13.json",
      JSON.stringify({ metadata: metadata("manifest/v13"), nodes: {}, sources: {} }),
    );
    expect(readManifest(path).schemaVersion).toBe(13);
  });

  it("a missing manifest is manifest-not-found and says to run dbt compile", () => {
    const path = join(dir, "nope", "manifest.json");
    const error = caught(() => readManifest(path));
    expect(error.code).toBe("manifest-not-found");
    expect(error.message).toBe(`No dbt manifest at ${path}.`);
    expect(error.hint).toBe("Run `dbt compile` in the dbt project, or pass the file's path.");
  });

  it.each([
    {
      name: "catalog-broken.json",
      text: '{"nodes": {',
      message:
        "The dbt catalog is not valid JSON: it ends where a property name in double quotes was expected (is the file truncated?).",
    },
    {
      name: "catalog-is-manifest.json",
      text: JSON.stringify({ metadata: metadata("manifest/v12"), nodes: {} }),
      message:
        "This is not a dbt catalog: its dbt_schema_version is https://schemas.getdbt.com/dbt/manifest/v12.json.",
    },
    {
      name: "catalog-no-nodes.json",
      text: JSON.stringify({ metadata: metadata("catalog/v1") }),
      message: "This is not a dbt catalog: expected a JSON object with `metadata` and `nodes`.",
    },
  ])("a bad catalog is catalog-invalid: $name", ({ name, text, message }) => {
    const path = write(name, text);
    const error = caught(() => readManifest(SHOP_MANIFEST, { catalogPath: path }));
    expect(error.code).toBe("catalog-invalid");
    expect(error.message).toBe(message);
    expect(error.location?.file).toBe(path);
  });
});
