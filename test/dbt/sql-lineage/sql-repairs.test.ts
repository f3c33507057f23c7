import { describe, expect, it } from "vitest";
import {
  NORMALIZE_BIGQUERY_TYPE_ALIASES,
  rewriteCode,
  SNOWFLAKE_REPAIRS,
} from "../../../src/dbt/sql-lineage/sql-repairs.js";

describe("rewriteCode", () => {
  it("rewrites code only, never strings, quoted identifiers or comments", () => {
    const sql = `select x, 'x''x', "x", \`x\` -- x\n/* x */ $$x$$ x`;
    expect(rewriteCode(sql, (code) => code.replaceAll("x", "Y"))).toBe(
      `select Y, 'x''x', "x", \`x\` -- x\n/* x */ $$x$$ Y`,
    );
  });

  it("keeps an unterminated literal as it is", () => {
    expect(rewriteCode("select x, 'x", (code) => code.replaceAll("x", "Y"))).toBe("select Y, 'x");
  });
});

describe("Snowflake repairs: JSON paths cut to their first step, WITHIN GROUP dropped", () => {
  it.each([
    ["select t.payload:customer.id::int from t", "select t.payload:customer::int from t"],
    ["select v:a.b.c, v:a[0].b from t", "select v:a, v:a from t"],
    ["select v:a from t", "select v:a from t"],
    ["select a::variant, b::string from t", "select a::variant, b::string from t"],
    ["select 'v:a.b' as s, v:\"a\" from t -- v:a.b", "select 'v:a.b' as s, v:\"a\" from t -- v:a.b"],
    [
      "select listagg(b, ',') within group (order by (c + 1) desc) as l, array_agg(d) WITHIN GROUP (ORDER BY e) from t",
      "select listagg(b, ',')  as l, array_agg(d)  from t",
    ],
    ["select a as within_group from t", "select a as within_group from t"],
  ])("%s", (sql, expected) => {
    expect(SNOWFLAKE_REPAIRS.rewrite(sql)).toBe(expected);
  });
});

describe("BigQuery type aliases", () => {
  it.each([
    ["select cast(a as bigint) as b from t", "select cast(a as int64) as b from t"],
    ["select cast(null as BOOLEAN) as flag from t", "select cast(null as bool) as flag from t"],
    [
      "select cast(a as decimal), cast(b as Int) from t",
      "select cast(a as numeric), cast(b as int64) from t",
    ],
    ["select a as bigint_value, 'as bigint)' from t", "select a as bigint_value, 'as bigint)' from t"],
  ])("%s", (sql, expected) => {
    expect(NORMALIZE_BIGQUERY_TYPE_ALIASES.rewrite(sql)).toBe(expected);
  });
});
