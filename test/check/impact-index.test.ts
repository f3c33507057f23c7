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
  // Child order matters: the `select *` readers come first, as they did in the hubspot project.
  return projectOf(nodes, [
    [source.uniqueId, ["model.p.copy", "model.p.wide", "model.p.stg"]],
    ["model.p.copy", ["model.p.picky"]],
    ["model.p.wide", ["model.p.picky", "model.p.joined"]],
    ["model.p.stg", ["model.p.joined"]],
  ]);
}

/** A postgres project of these nodes, with this child map (parents from depends_on). */
function projectOf(nodes: readonly DbtNode[], children: readonly [string, readonly string[]][]): DbtProject {
  return {
    manifestPath: "manifest.json",
    schemaVersion: 12,
    adapter: "postgres",
    nodes: new Map(nodes.map((node) => [node.uniqueId, node])),
    childMap: new Map(children),
    parentMap: new Map(nodes.map((node) => [node.uniqueId, node.dependsOn])),
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

/** The in-memory project of a few real shapes: a leaf and an exposure over `select *`, a contract, views. */
function passThroughProject(): DbtProject {
  const exposure: DbtNode = {
    uniqueId: "exposure.p.board",
    resourceType: "exposure",
    name: "board",
    packageName: "p",
    columns: new Map(),
    columnsComplete: false,
    contractEnforced: false,
    dependsOn: ["model.p.wide"],
    exposureType: "dashboard",
  };
  const ephemeral = {
    ...model("eph", 'select * from "db"."raw"."t"', [source.uniqueId]),
    materialized: "ephemeral",
  };
  delete (ephemeral as { relation?: unknown }).relation;
  const nodes: DbtNode[] = [
    source,
    model("wide", 'select * from "db"."raw"."t"', [source.uniqueId]),
    { ...model("leaf", 'select * from "db"."raw"."t"', [source.uniqueId]), materialized: "table" },
    {
      ...model("pinned", 'select * from "db"."raw"."t"', [source.uniqueId]),
      materialized: "table",
      contractEnforced: true,
      columns: columns(["id", "a", "b"]),
    },
    exposure,
    ephemeral,
    model(
      "over_eph",
      'with __dbt__cte__eph as (select * from "db"."raw"."t") select id from __dbt__cte__eph',
      ["model.p.eph"],
    ),
    // Reads raw.t without declaring it (a macro picked the relation at compile time).
    { ...model("hidden", 'select a from "db"."raw"."t"', []), materialized: "table" },
    // Declares raw.t, but its compiled SQL reads raw.u (an identifier variable).
    model("moved", 'select a from "db"."raw"."u"', [source.uniqueId]),
  ];
  return projectOf(nodes, [
    [source.uniqueId, ["model.p.wide", "model.p.leaf", "model.p.pinned", "model.p.eph", "model.p.moved"]],
    ["model.p.wide", ["exposure.p.board"]],
    ["model.p.eph", ["model.p.over_eph"]],
  ]);
}

describe("DbtImpactIndex: what each reader of a column does with it", () => {
  const build = () =>
    buildDbtImpact(passThroughProject(), {
      tableColumns: (schema, name) => (schema === "raw" && name === "u" ? ["id", "a"] : undefined),
      identifiers: POSTGRES_IDENTIFIERS,
      tables: [
        { schema: "raw", name: "t" },
        { schema: "raw", name: "u" },
      ],
    });

  it("says which readers break and which only pass the column through", async () => {
    const index = await build();
    const reach = (impacts: readonly { unique_id: string; reach?: string; leaf?: boolean }[]) =>
      Object.fromEntries(
        impacts.map((impact) => [impact.unique_id, `${impact.reach}${impact.leaf ? " leaf" : ""}`]),
      );
    expect(reach(index.columnImpacts({ schema: "raw", name: "t" }, "b"))).toEqual({
      // Only an exposure reads wide: nothing in the project reads its output.
      "model.p.wide": "pass-through leaf",
      "model.p.leaf": "pass-through leaf",
      "model.p.pinned": "contract",
      "model.p.eph": "pass-through",
      "exposure.p.board": "pass-through",
      // over_eph picks id out of the ephemeral model: b never reaches it (its view still holds b, below).
    });
    // a is named by the model that reads raw.t without declaring it; "moved" reads raw.u instead.
    expect(reach(index.columnImpacts({ schema: "raw", name: "t" }, "a"))).toMatchObject({
      "model.p.hidden": "reads",
    });
    expect(index.columnImpacts({ schema: "raw", name: "t" }, "a").map((i) => i.unique_id)).not.toContain(
      "model.p.moved",
    );
  });

  it("a table no dbt node declares is followed from the compiled SQL that reads it", async () => {
    const index = await build();
    expect(index.nodesFor({ schema: "raw", name: "u" })).toEqual([]);
    expect(index.seesTable({ schema: "raw", name: "u" })).toBe(true);
    expect(index.tableImpacts({ schema: "raw", name: "u" }).map((impact) => impact.unique_id)).toEqual([
      "model.p.moved",
    ]);
    expect(index.tableImpacts({ schema: "raw", name: "t" }).map((impact) => impact.unique_id)).not.toContain(
      "model.p.moved",
    );
  });

  it("names the view models that hold a column, through an inlined ephemeral model too", async () => {
    const index = await build();
    const holders = (column: string) =>
      index.viewsHolding({ schema: "raw", name: "t" }, column).map((impact) => impact.unique_id);
    expect(holders("b")).toEqual(["model.p.wide", "model.p.over_eph"]);
  });

  it("a model catalog.json says is a view holds the column whatever its materialization says", async () => {
    const project = passThroughProject();
    const leaf = project.nodes.get("model.p.leaf")!;
    const nodes = new Map(project.nodes);
    nodes.set(leaf.uniqueId, { ...leaf, warehouseRelationType: "view" });
    const index = await buildDbtImpact(
      { ...project, nodes },
      { tableColumns: () => undefined, identifiers: POSTGRES_IDENTIFIERS },
    );
    expect(index.viewsHolding({ schema: "raw", name: "t" }, "b").map((impact) => impact.unique_id)).toEqual([
      "model.p.wide",
      "model.p.leaf",
      "model.p.over_eph",
    ]);
  });

  it("suggests the same name in another schema, then the closest names, for a table it does not see", async () => {
    const index = await build();
    expect(index.seesTable({ schema: "staging", name: "t" })).toBe(false);
    expect(index.nearestRelations({ schema: "staging", name: "t" })).toEqual(["raw.t"]);
    expect(index.nearestRelations({ schema: "raw", name: "wid" })).toEqual(["analytics.wide"]);
  });
});
