import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import {
  dbtTestHash,
  EXAMPLE_DBT_PROJECT,
  generateManifest,
  injectCtes,
  serializeManifest,
} from "../../fixtures/market-data/generate-manifest.js";

const fixture = (relative: string) => fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
const MANIFEST_PATH = fixture("market-data/dbt/target/manifest.json");
const SCHEMA_PATH = fixture("dbt/schemas/manifest_v12.json");

const committedText = readFileSync(MANIFEST_PATH, "utf8");
// A parsed JSON artifact, inspected field by field below.
const manifest: any = JSON.parse(committedText);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** dbt's official schema is JSON Schema draft 2020-12, so the draft-07 `Ajv` class cannot load it. */
function compileManifestSchema() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The schema's only format (metadata.user_id); defined here rather than pulling in ajv-formats.
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")));
}

describe("the example's manifest against dbt's official v12 JSON Schema", () => {
  const validate = compileManifestSchema();

  it("validates", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  // The schema must actually constrain what it is given, or the test above proves nothing.
  it.each([
    {
      change: "an exposure type dbt does not know",
      mutate: (m: any) => {
        m.exposures["exposure.market_data.market_overview"].type = "spreadsheet";
      },
    },
    {
      change: "a model without unique_id",
      mutate: (m: any) => {
        delete m.nodes["model.market_data.stg_trades"].unique_id;
      },
    },
    {
      change: "a source without identifier",
      mutate: (m: any) => {
        delete m.sources["source.market_data.raw.trades"].identifier;
      },
    },
    {
      change: "a constraint type outside dbt's enum",
      mutate: (m: any) => {
        m.nodes["model.market_data.fct_symbol_features"].columns.symbol.constraints[0].type = "nonnull";
      },
    },
    {
      change: "an unknown metadata field",
      mutate: (m: any) => {
        m.metadata.dbt_target = "analytics";
      },
    },
  ])("rejects $change", ({ mutate }) => {
    const copy = JSON.parse(committedText);
    mutate(copy);
    expect(validate(copy)).toBe(false);
  });
});

describe("generate-manifest.ts", () => {
  it("regenerates the committed manifest byte for byte", () => {
    expect(serializeManifest(generateManifest(EXAMPLE_DBT_PROJECT))).toBe(committedText);
  });

  // Real unique_id suffixes written by dbt: jaffle_shop with dbt 1.10.13, dbt_hubspot with dbt 1.11.11.
  it.each([
    {
      name: "not_null_stg_supplies_supply_uuid",
      test: "not_null",
      model: "stg_supplies",
      column: "supply_uuid",
      hash: "515c6eda6d",
    },
    {
      name: "unique_hubspot__daily_ticket_history_ticket_day_id",
      test: "unique",
      model: "hubspot__daily_ticket_history",
      column: "ticket_day_id",
      hash: "294440dc9c",
    },
  ])("hashes test $name as dbt does", ({ name, test, model, column, hash }) => {
    const metadata = {
      name: test,
      kwargs: { column_name: column, model: `{{ get_where_subquery(ref('${model}')) }}` },
      namespace: null,
    };
    expect(dbtTestHash(name, metadata)).toBe(hash);
  });

  // The script renders only what it understands; anything else must stop it rather than be dropped.
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });
  it.each([
    {
      change: "a Jinja statement in a model",
      edit: (dir: string) =>
        writeFileSync(join(dir, "models/staging/stg_quotes.sql"), "{% if true %}select 1{% endif %}\n"),
      error: "Jinja statements and comments are not supported by this script",
    },
    {
      change: "a macro call in a model",
      edit: (dir: string) =>
        writeFileSync(join(dir, "models/staging/stg_quotes.sql"), "select {{ cents_to_dollars('p') }}\n"),
      error: "unsupported Jinja call in models/staging/stg_quotes.sql: cents_to_dollars",
    },
    {
      change: "a data test other than not_null and unique",
      edit: (dir: string) =>
        appendFileSync(
          join(dir, "models/staging/schema.yml"),
          "  - name: stg_quotes\n    columns:\n      - name: symbol\n        data_tests: [{accepted_values: {values: [a]}}]\n",
        ),
      error: 'unsupported data test on column symbol: {"accepted_values":{"values":["a"]}}',
    },
    {
      change: "a model config the script does not apply",
      edit: (dir: string) =>
        appendFileSync(
          join(dir, "models/staging/schema.yml"),
          "  - name: stg_quotes\n    config:\n      tags: [x]\n",
        ),
      error: "models/staging/schema.yml: config of stg_quotes: unsupported keys tags",
    },
  ])("refuses $change", ({ edit, error }) => {
    const dir = mkdtempSync(join(tmpdir(), "market-data-dbt-"));
    copies.push(dir);
    cpSync(EXAMPLE_DBT_PROJECT, dir, { recursive: true });
    edit(dir);
    expect(() => generateManifest(dir)).toThrow(error);
  });

  const cte = { id: "model.p.eph", sql: " __dbt__cte__eph as (\nselect 1 as id\n)" };
  it.each([
    {
      sql: "select * from __dbt__cte__eph",
      injected: "with __dbt__cte__eph as (\nselect 1 as id\n) select * from __dbt__cte__eph",
    },
    {
      sql: "\n\nselect * from __dbt__cte__eph",
      injected: "\n\nwith __dbt__cte__eph as (\nselect 1 as id\n) select * from __dbt__cte__eph",
    },
    // As in dbt_hubspot's compiled hubspot__deals: the original whitespace after WITH stays, ", " joins.
    {
      sql: "\n\nwith deals as (select 1)\nselect * from deals",
      injected: "\n\nwith  __dbt__cte__eph as (\nselect 1 as id\n), deals as (select 1)\nselect * from deals",
    },
    {
      sql: "WITH RECURSIVE t as (select 1)\nselect * from t",
      injected: "WITH RECURSIVE  __dbt__cte__eph as (\nselect 1 as id\n), t as (select 1)\nselect * from t",
    },
  ])("injects an ephemeral CTE into $sql", ({ sql, injected }) => {
    expect(injectCtes(sql, [cte])).toBe(injected);
  });
});

describe("the example's manifest, spot checks", () => {
  it("has dbt 1.10's v12 metadata for a postgres target", () => {
    expect(manifest.metadata).toEqual({
      dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
      dbt_version: "1.10.13",
      generated_at: "2026-01-01T00:00:02.000000Z",
      invocation_id: "00000000-0000-4000-8000-000000000000",
      invocation_started_at: "2026-01-01T00:00:00.000000+00:00",
      env: {},
      project_name: "market_data",
      project_id: createHash("md5").update("market_data").digest("hex"),
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: "postgres",
      quoting: { database: true, schema: true, identifier: true, column: null },
    });
  });

  it.each([
    ["model.market_data.stg_trades", "view", '"analytics"."analytics_staging"."stg_trades"'],
    ["model.market_data.stg_quotes", "view", '"analytics"."analytics_staging"."stg_quotes"'],
    ["model.market_data.stg_bars", "view", '"analytics"."analytics_staging"."stg_bars"'],
    ["model.market_data.stg_symbols", "view", '"analytics"."analytics_staging"."stg_symbols"'],
    ["model.market_data.int_trades_enriched", "ephemeral", null],
    ["model.market_data.fct_daily_bars", "table", '"analytics"."analytics_marts"."fct_daily_bars"'],
    ["model.market_data.fct_symbol_features", "table", '"analytics"."analytics_marts"."fct_symbol_features"'],
    [
      "model.market_data.fct_trade_notional_daily",
      "table",
      '"analytics"."analytics_marts"."fct_trade_notional_daily"',
    ],
  ])("%s is materialized as %s at %s", (id, materialized, relation) => {
    const node = manifest.nodes[id];
    expect(node.config.materialized).toBe(materialized);
    expect(node.relation_name).toBe(relation);
    expect(node.checksum).toEqual({ name: "sha256", checksum: sha256(node.raw_code) });
  });

  it.each([
    ["source.market_data.raw.trades", '"analytics"."raw"."trades"'],
    ["source.market_data.raw.quotes", '"analytics"."raw"."quotes"'],
    ["source.market_data.raw.bars", '"analytics"."raw"."bars"'],
    ["source.market_data.ref.symbols", '"analytics"."ref"."symbols"'],
    ["source.market_data.ref.exchanges", '"analytics"."ref"."exchanges"'],
  ])("%s is %s", (id, relation) => {
    expect(manifest.sources[id].relation_name).toBe(relation);
  });

  it("keeps source column types from YAML", () => {
    const columns = manifest.sources["source.market_data.raw.trades"].columns;
    expect(Object.keys(columns)).toEqual(["trade_id", "price"]);
    expect(columns.trade_id.data_type).toBeNull();
    expect(columns.price.data_type).toBe("numeric(18,6)");
    expect(manifest.sources["source.market_data.raw.trades"].unrendered_schema).toBe(
      "{{ env_var('RAW_SCHEMA', 'raw') }}",
    );
  });

  it("inlines the ephemeral model into its child as dbt's __dbt__cte__ CTE", () => {
    const ephemeral = manifest.nodes["model.market_data.int_trades_enriched"];
    const ephemeralSql =
      "\n\nselect\n    t.*,\n    e.mic as exchange_mic\n" +
      'from "analytics"."analytics_staging"."stg_trades" as t\n' +
      'left join "analytics"."ref"."exchanges" as e\n    on e.exchange_id = t.exchange_id';
    expect(ephemeral.raw_code).toBe(
      readFileSync(`${EXAMPLE_DBT_PROJECT}/models/marts/int_trades_enriched.sql`, "utf8").trim(),
    );
    expect(ephemeral.compiled_code).toBe(ephemeralSql);
    expect(ephemeral.extra_ctes).toEqual([]);
    expect(ephemeral.depends_on.nodes).toEqual([
      "source.market_data.ref.exchanges",
      "model.market_data.stg_trades",
    ]);

    const child = manifest.nodes["model.market_data.fct_trade_notional_daily"];
    const cteSql = ` __dbt__cte__int_trades_enriched as (\n${ephemeralSql}\n)`;
    expect(child.extra_ctes).toEqual([{ id: "model.market_data.int_trades_enriched", sql: cteSql }]);
    expect(child.compiled_code).toBe(
      `with${cteSql} select\n    symbol,\n    exchange_mic,\n    traded_at::date as trading_day,\n` +
        "    sum(notional) as notional,\n    count(*) as trade_count\n" +
        "from __dbt__cte__int_trades_enriched\ngroup by 1, 2, 3",
    );
  });

  const notNullSql = (column: string, relation: string) =>
    `\n    \n    \n\n\n\nselect ${column}\nfrom ${relation}\nwhere ${column} is null\n\n\n`;
  it.each([
    {
      id: "test.market_data.not_null_stg_trades_trade_id.f81937320b",
      attached: "model.market_data.stg_trades",
      column: "trade_id",
      test: "not_null",
      model: "{{ get_where_subquery(ref('stg_trades')) }}",
      sql: notNullSql("trade_id", '"analytics"."analytics_staging"."stg_trades"'),
    },
    {
      id: "test.market_data.unique_stg_symbols_symbol.56ef06c9ee",
      attached: "model.market_data.stg_symbols",
      column: "symbol",
      test: "unique",
      model: "{{ get_where_subquery(ref('stg_symbols')) }}",
      sql:
        "\n    \n    \n\nselect\n    symbol as unique_field,\n    count(*) as n_records\n\n" +
        'from "analytics"."analytics_staging"."stg_symbols"\nwhere symbol is not null\n' +
        "group by symbol\nhaving count(*) > 1\n\n\n",
    },
    {
      id: "test.market_data.not_null_stg_symbols_symbol.ea3fc0f864",
      attached: "model.market_data.stg_symbols",
      column: "symbol",
      test: "not_null",
      model: "{{ get_where_subquery(ref('stg_symbols')) }}",
      sql: notNullSql("symbol", '"analytics"."analytics_staging"."stg_symbols"'),
    },
    {
      id: "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d",
      attached: "model.market_data.fct_daily_bars",
      column: "close",
      test: "not_null",
      model: "{{ get_where_subquery(ref('fct_daily_bars')) }}",
      sql: notNullSql("close", '"analytics"."analytics_marts"."fct_daily_bars"'),
    },
    {
      id: "test.market_data.source_not_null_raw_trades_trade_id.91bde43312",
      attached: "source.market_data.raw.trades",
      column: "trade_id",
      test: "not_null",
      model: "{{ get_where_subquery(source('raw', 'trades')) }}",
      sql: notNullSql("trade_id", '"analytics"."raw"."trades"'),
    },
    {
      id: "test.market_data.source_not_null_raw_bars_close.0957aa01cc",
      attached: "source.market_data.raw.bars",
      column: "close",
      test: "not_null",
      model: "{{ get_where_subquery(source('raw', 'bars')) }}",
      sql: notNullSql("close", '"analytics"."raw"."bars"'),
    },
  ])("$id tests $attached.$column", ({ id, attached, column, test, model, sql }) => {
    const node = manifest.nodes[id];
    expect(node.attached_node).toBe(attached);
    expect(node.column_name).toBe(column);
    expect(node.depends_on.nodes).toEqual([attached]);
    expect(node.test_metadata).toEqual({
      name: test,
      kwargs: { column_name: column, model },
      namespace: null,
    });
    expect(node.compiled_code).toBe(sql);
    expect(node.schema).toBe("analytics_dbt_test__audit");
  });

  it("has exactly those six tests", () => {
    const tests = Object.keys(manifest.nodes).filter((id) => id.startsWith("test."));
    expect(tests).toHaveLength(6);
  });

  it("enforces the contract of fct_symbol_features with dbt's checksum", () => {
    const node = manifest.nodes["model.market_data.fct_symbol_features"];
    expect(node.config.contract).toEqual({ enforced: true, alias_types: true });
    // ModelNode.build_contract_checksum: columns by name, |name + data_type + str(constraints), then the
    // materialization and the model-level constraints.
    const notNull =
      "[ColumnLevelConstraint(type=<ConstraintType.not_null: 'not_null'>, name=None, expression=None, " +
      "warn_unenforced=True, warn_unsupported=True, to=None, to_columns=[])]";
    const state = `|closenumeric(18,6)[]|daily_returnnumeric(18,8)[]|symboltext${notNull}|trading_daydate[]table[]`;
    expect(node.contract).toEqual({ enforced: true, alias_types: true, checksum: sha256(state) });
    expect(node.contract.checksum).toBe("1d683076fdf62d78a5f89766174ef992f5225dac61b411c980adc5c026e07b58");
    expect(node.columns.symbol.constraints).toEqual([
      {
        type: "not_null",
        name: null,
        expression: null,
        warn_unenforced: true,
        warn_unsupported: true,
        to: null,
        to_columns: [],
      },
    ]);
    expect(
      Object.values(node.columns).map((column: any) => [
        column.name,
        column.data_type,
        column.constraints.length,
      ]),
    ).toEqual([
      ["symbol", "text", 1],
      ["trading_day", "date", 0],
      ["close", "numeric(18,6)", 0],
      ["daily_return", "numeric(18,8)", 0],
    ]);
    expect(manifest.nodes["model.market_data.fct_daily_bars"].contract).toEqual({
      enforced: false,
      alias_types: true,
      checksum: null,
    });
  });

  it("infers stg_symbols' primary key from its unique and not_null tests", () => {
    expect(manifest.nodes["model.market_data.stg_symbols"].primary_key).toEqual(["symbol"]);
    expect(manifest.nodes["model.market_data.stg_trades"].primary_key).toEqual([]);
  });

  it("has the exposure market_overview on both marts", () => {
    const exposure = manifest.exposures["exposure.market_data.market_overview"];
    expect(exposure.type).toBe("dashboard");
    expect(exposure.maturity).toBe("high");
    expect(exposure.owner).toEqual({ email: "market-data@example.com", name: "Market Data Team" });
    expect(exposure.depends_on).toEqual({
      macros: [],
      nodes: ["model.market_data.fct_symbol_features", "model.market_data.fct_trade_notional_daily"],
    });
  });

  it("has dbt's parent map", () => {
    expect(manifest.parent_map).toEqual({
      "model.market_data.fct_daily_bars": ["model.market_data.stg_bars", "model.market_data.stg_symbols"],
      "model.market_data.fct_symbol_features": ["model.market_data.fct_daily_bars"],
      "model.market_data.fct_trade_notional_daily": ["model.market_data.int_trades_enriched"],
      "model.market_data.int_trades_enriched": [
        "model.market_data.stg_trades",
        "source.market_data.ref.exchanges",
      ],
      "model.market_data.stg_bars": ["source.market_data.raw.bars"],
      "model.market_data.stg_quotes": ["source.market_data.raw.quotes"],
      "model.market_data.stg_symbols": ["source.market_data.ref.symbols"],
      "model.market_data.stg_trades": ["source.market_data.raw.trades"],
      "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d": ["model.market_data.fct_daily_bars"],
      "test.market_data.not_null_stg_trades_trade_id.f81937320b": ["model.market_data.stg_trades"],
      "test.market_data.unique_stg_symbols_symbol.56ef06c9ee": ["model.market_data.stg_symbols"],
      "test.market_data.not_null_stg_symbols_symbol.ea3fc0f864": ["model.market_data.stg_symbols"],
      "test.market_data.source_not_null_raw_trades_trade_id.91bde43312": ["source.market_data.raw.trades"],
      "test.market_data.source_not_null_raw_bars_close.0957aa01cc": ["source.market_data.raw.bars"],
      "source.market_data.raw.trades": [],
      "source.market_data.raw.quotes": [],
      "source.market_data.raw.bars": [],
      "source.market_data.ref.symbols": [],
      "source.market_data.ref.exchanges": [],
      "exposure.market_data.market_overview": [
        "model.market_data.fct_symbol_features",
        "model.market_data.fct_trade_notional_daily",
      ],
    });
  });

  it("has dbt's child map", () => {
    expect(manifest.child_map).toEqual({
      "model.market_data.fct_daily_bars": [
        "model.market_data.fct_symbol_features",
        "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d",
      ],
      "model.market_data.fct_symbol_features": ["exposure.market_data.market_overview"],
      "model.market_data.fct_trade_notional_daily": ["exposure.market_data.market_overview"],
      "model.market_data.int_trades_enriched": ["model.market_data.fct_trade_notional_daily"],
      "model.market_data.stg_bars": ["model.market_data.fct_daily_bars"],
      "model.market_data.stg_quotes": [],
      "model.market_data.stg_symbols": [
        "model.market_data.fct_daily_bars",
        "test.market_data.not_null_stg_symbols_symbol.ea3fc0f864",
        "test.market_data.unique_stg_symbols_symbol.56ef06c9ee",
      ],
      "model.market_data.stg_trades": [
        "model.market_data.int_trades_enriched",
        "test.market_data.not_null_stg_trades_trade_id.f81937320b",
      ],
      "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d": [],
      "test.market_data.not_null_stg_trades_trade_id.f81937320b": [],
      "test.market_data.unique_stg_symbols_symbol.56ef06c9ee": [],
      "test.market_data.not_null_stg_symbols_symbol.ea3fc0f864": [],
      "test.market_data.source_not_null_raw_trades_trade_id.91bde43312": [],
      "test.market_data.source_not_null_raw_bars_close.0957aa01cc": [],
      "source.market_data.raw.trades": [
        "model.market_data.stg_trades",
        "test.market_data.source_not_null_raw_trades_trade_id.91bde43312",
      ],
      "source.market_data.raw.quotes": ["model.market_data.stg_quotes"],
      "source.market_data.raw.bars": [
        "model.market_data.stg_bars",
        "test.market_data.source_not_null_raw_bars_close.0957aa01cc",
      ],
      "source.market_data.ref.symbols": ["model.market_data.stg_symbols"],
      "source.market_data.ref.exchanges": ["model.market_data.int_trades_enriched"],
      "exposure.market_data.market_overview": [],
    });
  });
});
