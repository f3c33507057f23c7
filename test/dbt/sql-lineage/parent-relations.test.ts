import { describe, expect, it } from "vitest";
import type { DbtNode, DbtRelation } from "../../../src/dbt/model.js";
import { indexParentRelations } from "../../../src/dbt/sql-lineage/parent-relations.js";
import { mysqlIdentifiers, POSTGRES_IDENTIFIERS } from "../../../src/dialects/identifiers.js";

function node(uniqueId: string, relation?: DbtRelation): DbtNode {
  return {
    uniqueId,
    resourceType: "model",
    name: uniqueId.split(".").pop() ?? uniqueId,
    packageName: "shop",
    ...(relation ? { relation } : {}),
    columns: new Map(),
    columnsComplete: false,
    contractEnforced: false,
    dependsOn: [],
  };
}

const PARENTS = [
  node("model.shop.orders", { database: "ANALYTICS", schema: "Public", identifier: "orders" }),
  node("source.shop.raw.orders", { database: "analytics", schema: "raw", identifier: "orders" }),
  node("source.shop.raw.payments", { schema: "raw", identifier: "payments" }),
  node("model.shop.order_totals"),
];

describe("indexParentRelations", () => {
  const self = node("model.shop.this_model", {
    database: "analytics",
    schema: "public",
    identifier: "this_model",
  });
  // Names as the warehouse stores them: a case-insensitive database first, then PostgreSQL's exact one.
  const index = indexParentRelations(PARENTS, { identifiers: mysqlIdentifiers(1), self });

  it.each([
    [["analytics", "public", "orders"], "model.shop.orders"],
    [["ANALYTICS", "PUBLIC", "ORDERS"], "model.shop.orders"],
    [["public", "orders"], "model.shop.orders"],
    [["raw", "orders"], "source.shop.raw.orders"],
    [["analytics", "raw", "orders"], "source.shop.raw.orders"],
    [["raw", "payments"], "source.shop.raw.payments"],
    [["payments"], "source.shop.raw.payments"],
    [["other", "raw", "payments"], "source.shop.raw.payments"],
    [["public", "payments"], "source.shop.raw.payments"],
    [["prod", "public", "orders"], "model.shop.orders"],
    [["information_schema", "tables"], undefined],
    [["order_totals"], undefined],
  ])("case-insensitive: %j -> %s", (name, expected) => {
    expect(index.relationFor(name)).toBe(expected);
  });

  it.each([
    [["ANALYTICS", "Public", "orders"], "model.shop.orders"],
    [["analytics", "raw", "orders"], "source.shop.raw.orders"],
    // "Public" is stored with its capital: public.orders is another table, and raw.orders a parent's tail.
    [["analytics", "public", "orders"], undefined],
    [["ANALYTICS", "PUBLIC", "ORDERS"], undefined],
    [["raw", "Payments"], undefined],
  ])("PostgreSQL, exact: %j -> %s", (name, expected) => {
    const exact = indexParentRelations(PARENTS, { identifiers: POSTGRES_IDENTIFIERS, self });
    expect(exact.relationFor(name)).toBe(expected);
  });

  it("a name that matches no parent exactly matches a unique shorter tail, and says so", () => {
    const fresh = indexParentRelations(PARENTS, { identifiers: mysqlIdentifiers(1) });
    expect(fresh.relationFor(["prod", "raw", "payments"])).toBe("source.shop.raw.payments");
    expect(fresh.relationFor(["dev_schema", "orders"])).toBeUndefined(); // orders is in two schemas
    expect([...fresh.looseMatches]).toEqual([["prod.raw.payments", "raw.payments"]]);
  });

  it("a relation depends_on does not name is bound to what the project knows by that name, before any tail", () => {
    const others: Record<string, string> = { "hubspot_eu.payments": "source.shop.hubspot_eu.payments" };
    const bound = indexParentRelations(PARENTS, {
      identifiers: POSTGRES_IDENTIFIERS,
      otherRelation: (name) => others[name.slice(-2).join(".")],
    });
    expect(bound.relationFor(["analytics", "hubspot_eu", "payments"])).toBe(
      "source.shop.hubspot_eu.payments",
    );
    expect(bound.relationFor(["raw", "payments"])).toBe("source.shop.raw.payments");
    expect([...bound.undeclared]).toEqual([
      ["analytics.hubspot_eu.payments", "source.shop.hubspot_eu.payments"],
    ]);
    expect([...bound.looseMatches]).toEqual([]);
  });

  it("never matches the node's own relation loosely to a parent of the same name", () => {
    const withSelf = indexParentRelations(PARENTS, {
      identifiers: mysqlIdentifiers(1),
      self: node("model.shop.payments", { database: "analytics", schema: "marts", identifier: "payments" }),
    });
    expect(withSelf.relationFor(["analytics", "marts", "payments"])).toBeUndefined();
    expect(withSelf.isSelf(["analytics", "marts", "payments"])).toBe(true);
  });

  it("a 1-part name shared by two parents resolves to the first and is reported", () => {
    const fresh = indexParentRelations(PARENTS, { identifiers: mysqlIdentifiers(1) });
    expect(fresh.relationFor(["orders"])).toBe("model.shop.orders");
    expect([...fresh.ambiguousNames]).toEqual(["orders"]);
  });

  it("finds ephemeral parents by model name, case-insensitively", () => {
    expect(index.ephemeralFor("order_totals")).toBe("model.shop.order_totals");
    expect(index.ephemeralFor("ORDER_TOTALS")).toBe("model.shop.order_totals");
    expect(index.ephemeralFor("orders")).toBeUndefined();
  });

  it("recognises the node's own relation ({{ this }})", () => {
    expect(index.isSelf(["analytics", "public", "this_model"])).toBe(true);
    expect(index.isSelf(["THIS_MODEL"])).toBe(true);
    expect(index.isSelf(["public", "orders"])).toBe(false);
  });
});
