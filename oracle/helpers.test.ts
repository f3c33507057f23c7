/** The oracle's own pure pieces: they decide what counts as ground truth, so they are tested too. */
import { describe, expect, it } from "vitest";
import type { Diagnostic, Impact } from "../src/lint/diagnostic.js";
import { selectsStarFrom } from "./cases.js";
import { stripDatabase } from "./corpus.js";
import { createTableSql } from "./postgres-oracle.js";
import { scoreCase, totalsOf, verdictsOf } from "./report.js";
import { brokenNodes, predictsBreak } from "./schematic-prediction.js";
import { sqlWords } from "./sql-words.js";
import { mixedCaseName, replaceRelation, selectStarFrom, unionWith, withSchema } from "./variants.js";

describe("sqlWords", () => {
  it.each([
    {
      sql: `select "Id", amount -- amount_usd is gone\nfrom t where note = 'closed_won' /* old_flag */`,
      code: ["Id", "amount", "from", "note", "select", "t", "where"],
      comments: ["amount_usd", "gone", "is", "old_flag"],
      strings: ["closed_won"],
    },
    {
      sql: `select 'it''s here' as "a""b", x::text`,
      code: ['a"b', "as", "select", "text", "x"],
      comments: [],
      strings: ["here", "it", "s"],
    },
    { sql: "select 1 -- trailing", code: ["select"], comments: ["trailing"], strings: [] },
  ])("$sql", ({ sql, code, comments, strings }) => {
    const words = sqlWords(sql);
    expect([...words.code].sort()).toEqual(code);
    expect([...words.comments].sort()).toEqual(comments);
    expect([...words.strings].sort()).toEqual(strings);
  });
});

describe("stripDatabase", () => {
  it.each([
    ['select * from "postgres"."public"."t"', 'select * from "public"."t"'],
    ['"postgres"."a"."b" join "analytics"."c"."d"', '"a"."b" join "analytics"."c"."d"'],
    ["select 'postgres.public' as x", "select 'postgres.public' as x"],
  ])("%s", (sql, expected) => {
    expect(stripDatabase(sql, new Set(["postgres"]))).toBe(expected);
  });
});

describe("selectsStarFrom", () => {
  it.each([
    ['select * from "public"."company_data"', true],
    ['with base as (\n  SELECT *\n  FROM "public" . "company_data"\n) select id from base', true],
    ['select "id", "name" from "public"."company_data"', false],
    ['select * from "public"."company_data_old"', false],
    ['select * from "public"."companyXdata"', false],
  ] as const)("%s -> %s", (sql, expected) => {
    expect(selectsStarFrom(sql, "public", "company_data")).toBe(expected);
  });
});

describe("createTableSql", () => {
  it("quotes every name and keeps catalog types", () => {
    const sql = createTableSql({
      schema: "public",
      name: "company_data",
      columns: [
        { name: "property_hs_all-funky-a9384-syntax", type: "integer" },
        { name: "created", type: "timestamp without time zone" },
      ],
      nodeIds: [],
      columnsFrom: "catalog",
    });
    expect(sql).toBe(
      'CREATE TABLE "public"."company_data" (\n  "property_hs_all-funky-a9384-syntax" integer,\n  "created" timestamp without time zone\n);',
    );
  });
});

const impact = (usage: Impact["usage"]): Impact => ({
  unique_id: "model.p.m",
  kind: "model",
  name: "m",
  direct: true,
  usage,
  basis: "compiled",
});

describe("predictsBreak", () => {
  it.each([
    [["star"], false],
    [["star", "select"], true],
    [["select"], true],
    [["downstream"], true],
    [["test"], true],
  ] as const)("%j -> %s", (usage, expected) => {
    expect(predictsBreak(impact([...usage]))).toBe(expected);
  });

  it.each([
    ["pass-through", false],
    ["reads", true],
    ["contract", true],
    ["downstream", true],
  ] as const)("reach %s -> %s", (reach, expected) => {
    expect(predictsBreak({ ...impact(["star"]), reach })).toBe(expected);
  });
});

describe("brokenNodes", () => {
  const finding = (rule: string, messageId: string, impacts: Impact[]): Diagnostic => ({
    rule,
    severity: "error",
    messageId,
    message: "",
    file: "0002_case.sql",
    span: { start: 0, end: 1 },
    impacts,
    pending: true,
  });
  const reader = (id: string, usage: Impact["usage"]): Impact => ({ ...impact(usage), unique_id: id });
  it.each([
    {
      what: "a column drop spares the `select *` reader",
      diagnostics: [
        finding("protect-dbt-columns", "columnDropped", [reader("star", ["star"]), reader("m", ["select"])]),
      ],
      broken: ["m"],
    },
    {
      what: "a table drop breaks every reader, `select *` included",
      diagnostics: [
        finding("protect-dbt-columns", "tableDropped", [
          reader("star", ["star"]),
          reader("d", ["downstream"]),
        ]),
      ],
      broken: ["d", "star"],
    },
    {
      what: "type findings count; other rules do not",
      diagnostics: [
        finding("protect-dbt-types", "breakingForReaders", [reader("t", ["filter"])]),
        finding("protect-dbt-not-null", "guarded", [reader("n", ["test"])]),
      ],
      broken: ["t"],
    },
    {
      what: "views holding a column and pass-through warnings name no breakage",
      diagnostics: [
        finding("protect-dbt-columns", "viewsHoldColumn", [reader("v", ["select"])]),
        finding("protect-dbt-types", "passedThrough", [reader("leaf", ["star"])]),
      ],
      broken: [],
    },
  ])("$what", ({ diagnostics, broken }) => {
    expect([...brokenNodes(diagnostics)].sort()).toEqual(broken);
  });
});

describe("scoreCase and totalsOf", () => {
  const fields = { name: "drop t.c", category: "drop-read-column", why: "", migration: "" } as const;
  it("counts only observable nodes and names every mistake", () => {
    const observable = new Set(["a", "b", "c", "d"]);
    const failing = new Map([
      ["a", "column c does not exist"],
      ["b", "parent a failed"],
      ["excluded", "whatever"],
    ]);
    const score = scoreCase(fields, observable, failing, new Set(["a", "c", "ephemeral"]));
    expect(score).toMatchObject({
      failing: 2,
      predicted: 2,
      truePositives: 1,
      falsePositives: ["c"],
      falseNegatives: ["b"],
      missedBecause: { b: "parent a failed" },
    });
  });

  it("sums over cases; an empty denominator is a perfect score", () => {
    const perfect = scoreCase(fields, new Set(["a"]), new Map([["a", "x"]]), new Set(["a"]));
    const quiet = scoreCase(fields, new Set(["a"]), new Map(), new Set());
    const wrong = scoreCase(fields, new Set(["a", "b"]), new Map([["a", "x"]]), new Set(["b"]));
    expect(totalsOf([quiet])).toEqual({
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      precision: 1,
      recall: 1,
    });
    expect(totalsOf([perfect, wrong])).toEqual({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 0.5,
      recall: 0.5,
    });
  });
});

describe("verdictsOf", () => {
  const fields = { name: "c", category: "pass-through", why: "", migration: "" } as const;
  it("counts blocked changes against changes after which something fails, skipping unjudged cases", () => {
    const observable = new Set(["a"]);
    const breaks = new Map([["a", "column x does not exist"]]);
    const scores = [
      scoreCase({ ...fields, blocks: true }, observable, breaks, new Set(["a"])),
      scoreCase({ ...fields, blocks: true }, observable, new Map(), new Set()),
      scoreCase({ ...fields, blocks: false }, observable, breaks, new Set()),
      scoreCase({ ...fields, blocks: false }, observable, new Map(), new Set()),
      scoreCase(fields, observable, breaks, new Set()),
    ];
    expect(verdictsOf(scores)).toEqual({
      cases: 4,
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 0.5,
      recall: 0.5,
    });
  });
});

describe("variant rewrites", () => {
  const relation = '"postgres"."public"."deal_data"';
  it("names a mixed-case twin", () => {
    expect(mixedCaseName("deal_data")).toBe("Deal_Data");
    expect(mixedCaseName("email_event_v2")).toBe("Email_Event_V2");
  });

  it("moves a relation name to another schema, and renames it", () => {
    expect(withSchema(relation, "hubspot_eu")).toBe('"postgres"."hubspot_eu"."deal_data"');
    expect(withSchema(relation, "public", "Deal_Data")).toBe('"postgres"."public"."Deal_Data"');
  });

  it("replaces every occurrence of a relation, and no other", () => {
    const sql = `select * from ${relation} join "postgres"."public"."deal_data_x" using (id)`;
    expect(replaceRelation(sql, relation, '"postgres"."public"."Deal_Data"')).toBe(
      'select * from "postgres"."public"."Deal_Data" join "postgres"."public"."deal_data_x" using (id)',
    );
  });

  it("compiles union_data over a second schema, tagging each arm with its relation", () => {
    const sql = `select "deal_id", 'postgres.public' as _dbt_source_relation\nfrom ${relation} as source_table\n`;
    expect(unionWith(sql, relation, '"postgres"."hubspot_eu"."deal_data"')).toBe(
      `select "deal_id", 'postgres.public' as _dbt_source_relation\nfrom ${relation} as source_table\n\nunion all\n\n` +
        `select "deal_id", 'postgres.hubspot_eu' as _dbt_source_relation\nfrom "postgres"."hubspot_eu"."deal_data" as source_table\n`,
    );
  });

  it("compiles a staging model that reads its source with select *", () => {
    expect(selectStarFrom(relation)).toBe(
      `select *, 'postgres.public' as _dbt_source_relation\nfrom ${relation} as source_table\n`,
    );
  });
});
