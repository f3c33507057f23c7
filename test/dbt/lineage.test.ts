import { describe, expect, it } from "vitest";
import { downstreamOf, exposuresDependingOn, testsOnColumn, testsOnNode } from "../../src/dbt/lineage.js";
import { readManifest } from "../../src/dbt/manifest.js";
import { RECCE_MANIFEST, SHOP_MANIFEST } from "./fixture-paths.js";

const shop = readManifest(SHOP_MANIFEST);

const NOT_NULL_ORDER_ID = "test.shop.not_null_fct_orders_order_id.1a2b3c";
const RELATIONSHIPS = "test.shop.relationships_fct_orders_customer_id__id__ref_dim_customers_.4d5e6f";
const COMBINATION =
  "test.shop.dbt_utils_unique_combination_of_columns_fct_orders_order_id__customer_id.7a8b9c";
const ACCEPTED_VALUES = "test.shop.accepted_values_orders_status.0d1e2f";
const SINGULAR = "test.shop.assert_positive_amounts";

describe("downstreamOf", () => {
  it("walks child_map breadth first: shortest depth, and the node it came through", () => {
    expect(downstreamOf(shop, ["source.shop.app.orders"])).toEqual(
      new Map([
        ["model.shop.stg_orders", { depth: 1, via: "source.shop.app.orders" }],
        ["snapshot.shop.orders_snapshot", { depth: 1, via: "source.shop.app.orders" }],
        [ACCEPTED_VALUES, { depth: 1, via: "source.shop.app.orders" }],
        ["model.shop.int_order_totals", { depth: 2, via: "model.shop.stg_orders" }],
        ["model.shop.fct_orders", { depth: 3, via: "model.shop.int_order_totals" }],
        ["exposure.shop.revenue_dashboard", { depth: 4, via: "model.shop.fct_orders" }],
        ["semantic_model.shop.orders", { depth: 4, via: "model.shop.fct_orders" }],
        [SINGULAR, { depth: 4, via: "model.shop.fct_orders" }],
        [COMBINATION, { depth: 4, via: "model.shop.fct_orders" }],
        [NOT_NULL_ORDER_ID, { depth: 4, via: "model.shop.fct_orders" }],
        [RELATIONSHIPS, { depth: 4, via: "model.shop.fct_orders" }],
        ["unit_test.shop.fct_orders.test_amount_total", { depth: 4, via: "model.shop.fct_orders" }],
        ["metric.shop.revenue", { depth: 5, via: "semantic_model.shop.orders" }],
      ]),
    );
  });

  it("from several nodes: each reached node keeps its shortest path, the starting nodes are left out", () => {
    const reached = downstreamOf(shop, ["model.shop.stg_orders", "model.shop.dim_customers"]);
    expect(reached.get("model.shop.int_order_totals")).toEqual({ depth: 1, via: "model.shop.stg_orders" });
    // Two steps from stg_orders, one from dim_customers.
    expect(reached.get("model.shop.fct_orders")).toEqual({ depth: 1, via: "model.shop.dim_customers" });
    expect(reached.get(RELATIONSHIPS)).toEqual({ depth: 1, via: "model.shop.dim_customers" });
    expect(reached.get(NOT_NULL_ORDER_ID)).toEqual({ depth: 2, via: "model.shop.fct_orders" });
    expect(reached.has("model.shop.stg_orders")).toBe(false);
    expect(reached.has("model.shop.dim_customers")).toBe(false);
    expect(reached.has("source.shop.app.orders")).toBe(false);
  });

  it("a leaf and an unknown id have nothing downstream", () => {
    expect(downstreamOf(shop, ["metric.shop.revenue"]).size).toBe(0);
    expect(downstreamOf(shop, ["model.shop.nope"]).size).toBe(0);
  });

  it("follows a real child_map (recce jaffle_shop, v12)", () => {
    const project = readManifest(RECCE_MANIFEST);
    const source = "source.jaffle_shop.jaffle-shop-data.raw_customers";
    const m = (name: string) => `model.jaffle_shop.${name}`;
    const t = (name: string) => `test.jaffle_shop.${name}`;
    expect(downstreamOf(project, [source])).toEqual(
      new Map([
        [m("stg_customers"), { depth: 1, via: source }],
        [m("customers"), { depth: 2, via: m("stg_customers") }],
        [t("not_null_stg_customers_customer_id.e2cfb1f9aa"), { depth: 2, via: m("stg_customers") }],
        [t("unique_stg_customers_customer_id.c7614daada"), { depth: 2, via: m("stg_customers") }],
        [m("customer_order_pattern"), { depth: 3, via: m("customers") }],
        [m("customer_segments"), { depth: 3, via: m("customers") }],
        [t("not_null_customers_customer_id.5c9bf9911d"), { depth: 3, via: m("customers") }],
        [
          t("relationships_orders_customer_id__customer_id__ref_customers_.c6ec7f58f2"),
          { depth: 3, via: m("customers") },
        ],
        [t("unique_customers_customer_id.c5af1ff4b1"), { depth: 3, via: m("customers") }],
        [
          t("not_null_customer_order_pattern_customer_id.3f8f4d52ea"),
          { depth: 4, via: m("customer_order_pattern") },
        ],
        [
          t("unique_customer_order_pattern_customer_id.99ad852c54"),
          { depth: 4, via: m("customer_order_pattern") },
        ],
        [
          t(
            "accepted_values_customer_segments_value_segment__High_Value__Medium_Value__Low_Value.089ad1c243",
          ),
          { depth: 4, via: m("customer_segments") },
        ],
        [t("not_null_customer_segments_customer_id.bcd345d84b"), { depth: 4, via: m("customer_segments") }],
        [t("unique_customer_segments_customer_id.f3a5b61998"), { depth: 4, via: m("customer_segments") }],
      ]),
    );
  });
});

describe("testsOnColumn", () => {
  const found = (nodeId: string, column: string) =>
    testsOnColumn(shop, nodeId, column).map(({ test, role }) => [test.uniqueId, role]);

  it.each([
    [
      "model.shop.fct_orders",
      "order_id",
      [
        [COMBINATION, "combination"],
        [NOT_NULL_ORDER_ID, "column"],
      ],
    ],
    [
      "model.shop.fct_orders",
      "ORDER_ID",
      [
        [COMBINATION, "combination"],
        [NOT_NULL_ORDER_ID, "column"],
      ],
    ],
    [
      "model.shop.fct_orders",
      "customer_id",
      [
        [RELATIONSHIPS, "column"],
        [COMBINATION, "combination"],
      ],
    ],
    ["model.shop.fct_orders", "amount_total", []],
    ["model.shop.dim_customers", "id", [[RELATIONSHIPS, "relationship-target"]]],
    ["model.shop.dim_customers", "email", []],
    ["source.shop.app.orders", "status", [[ACCEPTED_VALUES, "column"]]],
    ["source.shop.app.orders", "id", []],
  ])("%s.%s", (nodeId, column, expected) => {
    expect(found(nodeId, column).sort()).toEqual([...expected].sort());
  });

  it("reads a real manifest's tests (recce jaffle_shop, dbt 1.8)", () => {
    const project = readManifest(RECCE_MANIFEST);
    expect(
      testsOnColumn(project, "model.jaffle_shop.customers", "customer_id").map(({ test, role }) => [
        test.name,
        role,
      ]),
    ).toEqual([
      ["unique_customers_customer_id", "column"],
      ["not_null_customers_customer_id", "column"],
      ["relationships_orders_customer_id__customer_id__ref_customers_", "relationship-target"],
    ]);
  });
});

describe("tests and exposures on a node", () => {
  it("testsOnNode lists generic and singular tests depending on the node", () => {
    expect(testsOnNode(shop, "model.shop.fct_orders").map((node) => node.uniqueId)).toEqual([
      SINGULAR,
      COMBINATION,
      NOT_NULL_ORDER_ID,
      RELATIONSHIPS,
    ]);
    expect(testsOnNode(shop, "model.shop.dim_customers").map((node) => node.uniqueId)).toEqual([
      RELATIONSHIPS,
    ]);
  });

  it("exposuresDependingOn: direct, or through any chain with transitive", () => {
    const names = (nodes: readonly { name: string }[]) => nodes.map((node) => node.name);
    expect(names(exposuresDependingOn(shop, "model.shop.fct_orders"))).toEqual(["revenue_dashboard"]);
    expect(names(exposuresDependingOn(shop, "model.shop.stg_orders"))).toEqual([]);
    expect(names(exposuresDependingOn(shop, "model.shop.stg_orders", { transitive: true }))).toEqual([
      "revenue_dashboard",
    ]);
    expect(names(exposuresDependingOn(shop, "seed.shop.country_codes", { transitive: true }))).toEqual([]);
  });
});
