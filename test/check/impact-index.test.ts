/**
 * Regressions the oracle's lineage probe found in src/check/dbt-impact-index.ts, pinned on a tiny
 * in-memory project (no server, no corpus): a `select *` reader recorded first must not hide that the
 * node breaks, whether through a broken parent or an explicit read through another parent.
 */
import { describe, expect, it } from "vitest";
import { buildDbtImpact } from "../../src/check/dbt-impact-index.js";
import type { DbtColumn, DbtNode, DbtProject } from "../../src/dbt/model.js";
import { POSTGRES_IDENTIFIERS } from "../../src/dialects/identifiers.js";

function columns(names: readonly string[]): Map<string, DbtColumn> {
  return new Map(names.map((name) => [name, { name, notNullConstraint: false }]));
}

function model(name: string, sql: string, dependsOn: readonly string[]): DbtNode {
  return {
    uniqueId: `model.p.${name}`,
    resourceType: "model",
    name,
    packageName: "p",
    relation: { database: "db", schema: "analytics", identifier: name },
    materialized: "view",
    compiledCode: sql,
    columns: new Map(),
    columnsComplete: false,
    contractEnforced: false,
    dependsOn,
  };
}

const source: DbtNode = {
  uniqueId: "source.p.raw.t",
  resourceType: "source",
  name: "t",
  packageName: "p",
  relation: { database: "db", schema: "raw", identifier: "t" },
  columns: columns(["id", "a", "b"]),
  columnsComplete: true,
  contractEnforced: false,
  dependsOn: [],
};

/**
 * raw.t -> copy (select *), wide (select *), stg (reads a: breaks when a goes)
 * copy + wide -> picky: reads copy through `*` first, then wide.a explicitly
 * wide + stg -> joined: reads wide through `*` and stg, which breaks
 */
function project(): DbtProject {
  const nodes = [
    source,
    model("copy", 'select * from "db"."raw"."t"', [source.uniqueId]),
    model("wide", 'select * from "db"."raw"."t"', [source.uniqueId]),
    model("stg", 'select id, a, b from "db"."raw"."t"', [source.uniqueId]),
    model(
      "picky",
      'select c.*, w.a as a_again from "db"."analytics"."copy" c join "db"."analytics"."wide" w on w.id = c.id',
      ["model.p.copy", "model.p.wide"],
    ),
    model(
      "joined",
      'select w.*, s.b as b2 from "db"."analytics"."wide" w join "db"."analytics"."stg" s on s.id = w.id',
      ["model.p.wide", "model.p.stg"],
    ),
  ];
  const parentMap = new Map(nodes.map((node) => [node.uniqueId, node.dependsOn]));
  // Child order matters: the `select *` readers come first, as they did in the hubspot project.
  const childMap = new Map<string, readonly string[]>([
    [source.uniqueId, ["model.p.copy", "model.p.wide", "model.p.stg"]],
    ["model.p.copy", ["model.p.picky"]],
    ["model.p.wide", ["model.p.picky", "model.p.joined"]],
    ["model.p.stg", ["model.p.joined"]],
  ]);
  return {
    manifestPath: "manifest.json",
    schemaVersion: 12,
    adapter: "postgres",
    nodes: new Map(nodes.map((node) => [node.uniqueId, node])),
    childMap,
    parentMap,
  };
}

describe("DbtImpactIndex.columnImpacts after a `select *` reader", () => {
  it("marks what breaks, and only the pass-through models as star", async () => {
    const index = await buildDbtImpact(project(), {
      tableColumns: () => undefined,
      identifiers: POSTGRES_IDENTIFIERS,
    });
    const impacts = index.columnImpacts({ schema: "raw", name: "t" }, "a");
    const usage = Object.fromEntries(impacts.map((impact) => [impact.unique_id, impact.usage]));
    expect(usage).toEqual({
      "model.p.copy": ["star"],
      "model.p.wide": ["star"],
      "model.p.stg": ["select"],
      "model.p.picky": ["select"],
      "model.p.joined": ["downstream"],
    });
  });
});
