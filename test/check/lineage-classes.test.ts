/**
 * The lineage classes on a real project: the dbt_quickbooks sample (fixtures/dbt/quickbooks-sample, see its
 * SOURCE.md) and its migration, with the variants dbt itself compiles when a project sets the package's
 * variables, built in memory here: the staging tmp model over `select *`, union_data over a second schema,
 * an identifier variable naming another table, and a source on a quoted mixed-case table. Each runs
 * `schematic check --format json` in-process on a throw-away project, as a user would.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const SAMPLE = path.resolve(import.meta.dirname, "../../fixtures/dbt/quickbooks-sample");
const HISTORY = readFileSync(path.join(SAMPLE, "migrations/0001_quickbooks_sources.sql"), "utf8");
const CATALOG = readFileSync(path.join(SAMPLE, "catalog.json"), "utf8");

type Json = Record<string, any>;
const TMP = "model.quickbooks.stg_quickbooks__estimate_tmp";
const STG = "model.quickbooks.stg_quickbooks__estimate";
const STG_TEST = "test.quickbooks.not_null_stg_quickbooks__estimate_estimate_id.0331d3c310";
const SOURCE = "source.quickbooks.quickbooks.estimate";
const RELATION = '"postgres"."public"."estimate_data"';

function sampleManifest(): Json {
  return JSON.parse(readFileSync(path.join(SAMPLE, "manifest.json"), "utf8"));
}

/** Rewrites the tmp model's compiled SQL (what dbt renders for other variable values). */
function withTmpSql(manifest: Json, rewrite: (sql: string) => string): Json {
  const tmp = manifest.nodes[TMP];
  tmp.compiled_code = rewrite(tmp.compiled_code);
  return manifest;
}

/** The estimate_data table created again in another schema, or under another name. */
function copyOfEstimate(schema: string, name: string): string {
  return HISTORY.replace("CREATE TABLE public.estimate_data", `CREATE TABLE ${schema}.${name}`).replace(
    /CREATE TABLE public\.purchase_order_data[\s\S]*$/,
    "",
  );
}

interface Finding {
  readonly rule: string;
  readonly messageId: string;
  readonly severity: string;
  readonly message: string;
  readonly impacts: readonly { readonly unique_id: string; readonly reach?: string }[];
}

const project = useTempProjects();

/** `schematic check` on the sample's migration (or `base`) plus `history`, with `pending` under review. */
async function check(
  pending: string,
  options: { manifest?: Json; history?: readonly string[]; dialect?: string; base?: string } = {},
): Promise<{ code: number; findings: Finding[]; report: Json }> {
  const history = [options.base ?? HISTORY, ...(options.history ?? [])];
  const files: Record<string, string> = {
    "target/manifest.json": JSON.stringify(options.manifest ?? sampleManifest()),
    "target/catalog.json": CATALOG,
    "migrations/9999_pending.sql": pending,
  };
  history.forEach((text, index) => {
    files[`migrations/${String(index + 1).padStart(4, "0")}_history.sql`] = text;
  });
  const dir = project(files);
  const run = await runCli(
    [
      "check",
      "--dialect",
      options.dialect ?? "postgres",
      "--migrations",
      "migrations",
      "--manifest",
      "target/manifest.json",
      "--catalog",
      "target/catalog.json",
      "--pending",
      "migrations/9999_pending.sql",
      "--format",
      "json",
    ],
    dir,
  );
  expect(run.stderr).toBe("");
  const report = JSON.parse(run.stdout);
  const findings = report.diagnostics.filter(
    (finding: Finding) => finding.rule.startsWith("protect-dbt-") || finding.rule === "dbt-no-match",
  );
  return { code: run.code, findings, report };
}

/** rule/messageId/severity and the impacts' ids with their reach, for exact comparison. */
const brief = (findings: readonly Finding[]) =>
  findings.map((finding) => ({
    finding: `${finding.rule}/${finding.messageId}/${finding.severity}`,
    impacts: finding.impacts.map((impact) => `${impact.unique_id} ${impact.reach ?? ""}`.trim()),
  }));

describe("a column that reaches models only through `select *`", () => {
  // The package's tmp model names every source column; most staging models are written `select * from source`.
  const star = () => withTmpSql(sampleManifest(), () => `select *\nfrom ${RELATION} as source_table\n`);

  it("as dbt compiled the package, the tmp model names every column, so dropping one breaks it", async () => {
    const { findings } = await check("ALTER TABLE public.estimate_data DROP COLUMN custom_p_o_number;");
    expect(brief(findings)).toEqual([
      {
        finding: "protect-dbt-columns/columnDropped/error",
        impacts: [`${TMP} reads`, `${STG} downstream`, `${STG_TEST} downstream`],
      },
      { finding: "protect-dbt-columns/viewsHoldColumn/warning", impacts: [`${TMP} reads`] },
    ]);
  });

  it("a column nothing names only passes through: no error, and PostgreSQL's view holding it is named", async () => {
    const { findings } = await check("ALTER TABLE public.estimate_data DROP COLUMN custom_p_o_number;", {
      manifest: star(),
    });
    // stg_quickbooks__estimate reads the tmp model with `select *` in a CTE, then picks other columns.
    expect(brief(findings)).toEqual([
      { finding: "protect-dbt-columns/viewsHoldColumn/warning", impacts: [`${TMP} pass-through`] },
    ]);
    expect(findings[0]!.message).toBe(
      "Column public.estimate_data.custom_p_o_number is read by model stg_quickbooks__estimate_tmp, which dbt builds as a view: the database refuses to drop the column while it exists.",
    );
  });

  it("a column named below the `select *` still blocks, naming who reads it", async () => {
    const { findings } = await check(
      "ALTER TABLE public.estimate_data RENAME COLUMN customer_id TO buyer_id;",
      {
        manifest: star(),
      },
    );
    expect(brief(findings)).toEqual([
      {
        finding: "protect-dbt-columns/columnRenamed/error",
        impacts: [`${TMP} pass-through`, `${STG} reads`, `${STG_TEST} downstream`],
      },
    ]);
    expect(findings[0]!.message).toBe(
      "Column public.estimate_data.customer_id is renamed to buyer_id, but model stg_quickbooks__estimate reads it; 1 more downstream (1 test).",
    );
  });

  it("a dashboard on a model that passes the column through gets a warning, not an error", async () => {
    const manifest = star();
    manifest.exposures = {
      "exposure.quickbooks.estimates_board": {
        unique_id: "exposure.quickbooks.estimates_board",
        resource_type: "exposure",
        name: "estimates_board",
        package_name: "quickbooks",
        type: "dashboard",
        owner: { name: "Finance", email: "finance@example.com" },
        depends_on: { nodes: [TMP], macros: [] },
      },
    };
    manifest.child_map[TMP] = [...manifest.child_map[TMP], "exposure.quickbooks.estimates_board"];
    manifest.parent_map["exposure.quickbooks.estimates_board"] = [TMP];
    const { findings } = await check(
      "ALTER TABLE public.estimate_data RENAME COLUMN custom_p_o_number TO po;",
      {
        manifest,
      },
    );
    expect(brief(findings)).toEqual([
      {
        finding: "protect-dbt-columns/passedThrough/warning",
        // stg_quickbooks__estimate reads the tmp model through `*` too, but its output never had the column.
        impacts: [
          `${TMP} pass-through`,
          "exposure.quickbooks.estimates_board pass-through",
          `${STG} pass-through`,
        ],
      },
    ]);
    expect(findings[0]!.message).toBe(
      "Column public.estimate_data.custom_p_o_number is renamed to po; no dbt node names it, so everything still builds, but it reaches exposure estimates_board (on model stg_quickbooks__estimate_tmp) through `select *`, which loses that output column.",
    );
  });

  it("on MySQL, whose views do not hold columns, a pass-through column says nothing", async () => {
    const mysqlHistory = HISTORY.replaceAll('"', "`").replaceAll("timestamp without time zone", "datetime");
    const { findings } = await check("ALTER TABLE public.estimate_data DROP COLUMN custom_p_o_number;", {
      manifest: star(),
      dialect: "mysql",
      base: mysqlHistory,
    });
    expect(findings).toEqual([]);
    // The same change on PostgreSQL names the view (above): the difference is the capability.
    const named = await check("ALTER TABLE public.estimate_data DROP COLUMN customer_id;", {
      manifest: star(),
      dialect: "mysql",
      base: mysqlHistory,
    });
    expect(brief(named.findings).map((finding) => finding.finding)).toEqual([
      "protect-dbt-columns/columnDropped/error",
    ]);
  });
});

describe("relations the compiled SQL reads but depends_on does not name", () => {
  /** union_data over quickbooks_eu, as `quickbooks_union_schemas: [public, quickbooks_eu]` compiles. */
  const union = () =>
    withTmpSql(sampleManifest(), (sql) => {
      const other = sql.replaceAll(RELATION, '"postgres"."quickbooks_eu"."estimate_data"');
      return `${sql}\nunion all\n${other}`;
    });
  const euHistory = ["CREATE SCHEMA quickbooks_eu;", copyOfEstimate("quickbooks_eu", "estimate_data")];

  it("a table no dbt node declares: the migrations' table is read, and its readers break", async () => {
    const { findings } = await check("ALTER TABLE quickbooks_eu.estimate_data DROP COLUMN customer_id;", {
      manifest: union(),
      history: euHistory,
    });
    expect(brief(findings)[0]).toEqual({
      finding: "protect-dbt-columns/columnDropped/error",
      impacts: [`${TMP} reads`, `${STG} downstream`, `${STG_TEST} downstream`],
    });
    const dropped = await check("DROP TABLE quickbooks_eu.estimate_data;", {
      manifest: union(),
      history: euHistory,
    });
    expect(brief(dropped.findings)).toEqual([
      {
        finding: "protect-dbt-columns/tableDropped/error",
        impacts: [`${TMP} reads`, `${STG} downstream`, `${STG_TEST} downstream`],
      },
    ]);
  });

  it("a table another source declares, outside the model's depends_on", async () => {
    const manifest = union();
    const declared = structuredClone(manifest.sources[SOURCE]);
    manifest.sources["source.quickbooks.quickbooks_eu.estimate"] = {
      ...declared,
      unique_id: "source.quickbooks.quickbooks_eu.estimate",
      schema: "quickbooks_eu",
      relation_name: '"postgres"."quickbooks_eu"."estimate_data"',
    };
    const { findings } = await check(
      "ALTER TABLE quickbooks_eu.estimate_data RENAME COLUMN customer_id TO buyer;",
      {
        manifest,
        history: euHistory,
      },
    );
    expect(brief(findings)[0]).toEqual({
      finding: "protect-dbt-columns/columnRenamed/error",
      impacts: [`${TMP} reads`, `${STG} downstream`, `${STG_TEST} downstream`],
    });
  });

  it("depends_on is a hint: a table it names that the compiled SQL no longer reads breaks nothing", async () => {
    // quickbooks_estimate_identifier: estimate_data_v2 — the source still says estimate_data.
    const manifest = withTmpSql(sampleManifest(), (sql) =>
      sql.replaceAll(RELATION, '"postgres"."public"."estimate_data_v2"'),
    );
    const history = [copyOfEstimate("public", "estimate_data_v2")];
    const old = await check("DROP TABLE public.estimate_data;", { manifest, history });
    expect(old.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    const current = await check("DROP TABLE public.estimate_data_v2;", { manifest, history });
    expect(brief(current.findings)).toEqual([
      {
        finding: "protect-dbt-columns/tableDropped/error",
        impacts: [`${TMP} reads`, `${STG} downstream`, `${STG_TEST} downstream`],
      },
    ]);
  });
});

describe("quoted mixed-case table names on PostgreSQL", () => {
  /** The connector created "Estimate_Data"; the source quotes it; a lower-case estimate_data is another table. */
  function mixedCase(): Json {
    const manifest = withTmpSql(sampleManifest(), (sql) =>
      sql.replaceAll(RELATION, '"postgres"."public"."Estimate_Data"'),
    );
    Object.assign(manifest.sources[SOURCE], {
      identifier: "Estimate_Data",
      relation_name: '"postgres"."public"."Estimate_Data"',
    });
    delete manifest.nodes["seed.quickbooks_integration_tests.estimate_data"];
    return manifest;
  }
  const history = [copyOfEstimate("public", '"Estimate_Data"')];

  it("DDL on the lower-case table blocks nothing, and says the dbt checks saw nothing", async () => {
    const { findings } = await check("ALTER TABLE public.estimate_data DROP COLUMN customer_id;", {
      manifest: mixedCase(),
      history,
    });
    expect(brief(findings)).toEqual([{ finding: "dbt-no-match/noMatch/warning", impacts: [] }]);
    expect(findings[0]!.message).toBe(
      "No table this change alters is a dbt source, seed or model, and no compiled SQL reads one, so the dbt checks saw nothing: public.estimate_data (nearest: public.Estimate_Data).",
    );
  });

  it("DDL on the quoted table blocks its readers", async () => {
    const { findings } = await check('ALTER TABLE public."Estimate_Data" DROP COLUMN customer_id;', {
      manifest: mixedCase(),
      history,
    });
    expect(brief(findings)[0]).toEqual({
      finding: "protect-dbt-columns/columnDropped/error",
      impacts: [`${TMP} reads`, `${STG} downstream`, `${STG_TEST} downstream`],
    });
  });
});

describe("when the dbt checks saw nothing", () => {
  const elsewhere = ["CREATE SCHEMA quickbooks;", copyOfEstimate("quickbooks", "estimate_data")];

  it("a schema that differs from the sources' is a warning naming the dbt relation it was probably meant to be", async () => {
    const { code, findings, report } = await check(
      "ALTER TABLE quickbooks.estimate_data DROP COLUMN customer_id;",
      {
        history: elsewhere,
      },
    );
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.message])).toEqual([
      [
        "dbt-no-match",
        "warning",
        "No table this change alters is a dbt source, seed or model, and no compiled SQL reads one, so the dbt checks saw nothing: quickbooks.estimate_data (nearest: public.estimate_data).",
      ],
    ]);
    expect(report.diagnostics.find((d: Json) => d.rule === "dbt-no-match")).toMatchObject({
      line: 1,
      column: 1,
    });
    expect(code).toBe(1); // ban-drop-column, not this warning
  });

  it("says nothing when another table the change alters is one dbt reads", async () => {
    const { findings } = await check(
      "ALTER TABLE quickbooks.estimate_data ADD COLUMN note text;\nALTER TABLE public.estimate_data ADD COLUMN note text;",
      { history: elsewhere },
    );
    expect(findings).toEqual([]);
  });

  it("says nothing about a table the change creates", async () => {
    const { findings } = await check(
      "CREATE TABLE quickbooks.staging (id int);\nALTER TABLE quickbooks.staging ADD COLUMN note text;",
      {
        history: ["CREATE SCHEMA quickbooks;"],
      },
    );
    expect(findings).toEqual([]);
  });

  it("can be acknowledged like any finding", async () => {
    const { findings } = await check(
      '-- schematic-ignore dbt-no-match reason="loaded for the finance team, not dbt"\nALTER TABLE quickbooks.estimate_data ADD COLUMN note text;',
      { history: elsewhere },
    );
    expect(findings).toEqual([]);
  });
});
