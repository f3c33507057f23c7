import { describe, expect, it } from "vitest";
import { ReaderScan } from "../../src/check/reader-scan.js";
import type { DbtNode } from "../../src/dbt/model.js";

function node(name: string, compiledCode: string): DbtNode {
  return {
    uniqueId: `model.p.${name}`,
    resourceType: "model",
    name,
    packageName: "p",
    compiledCode,
    columns: new Map(),
    columnsComplete: false,
    contractEnforced: false,
    dependsOn: [],
  };
}

const NODES = [
  node("a", 'select * from "db"."raw"."Deal_Data"'),
  node("b", "select id from raw.deal_data_v2 -- not deal_data's twin"),
  node("c", "select 1 from hubspot.deals"),
  node("d", 'select * from "raw"."odd name"'),
];
const ids = (nodes: readonly DbtNode[]) => nodes.map((found) => found.name);

describe("ReaderScan", () => {
  it.each([
    ["searching name by name", 0],
    ["after indexing every relation word", 20],
  ])("finds whole words without regard to case, %s", (_label, earlier) => {
    const names = [
      "raw",
      "deal_data",
      "deal_data_v2",
      "deals",
      "hubspot",
      ...Array.from({ length: 20 }, (_, i) => `t${i}`),
    ];
    const scan = new ReaderScan(NODES, () => names);
    for (let i = 0; i < earlier; i++) scan.mentioning(`t${i}`);
    expect(ids(scan.mentioning("DEAL_DATA"))).toEqual(["a", "b"]); // b mentions it in a comment
    expect(ids(scan.mentioning("deal_data_v2"))).toEqual(["b"]);
    expect(ids(scan.mentioningAll(["raw", "deal_data"]))).toEqual(["a", "b"]);
    expect(ids(scan.mentioningAll(["hubspot", "deal_data"]))).toEqual([]);
    expect(ids(scan.mentioning("deal"))).toEqual([]);
  });

  it("looks for a name that is not one word as a substring", () => {
    const scan = new ReaderScan(NODES, () => []);
    expect(ids(scan.mentioning("Odd Name"))).toEqual(["d"]);
  });
});
