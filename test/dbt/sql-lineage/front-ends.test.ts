import { beforeAll, describe, expect, it } from "vitest";
import { parseForAdapter } from "../../../src/dbt/sql-lineage/front-ends.js";
import { parseWithGrammar } from "../../../src/dbt/sql-lineage/node-sql-parser-front-end.js";
import {
  figureColumnName,
  loadPostgresParser,
  parsePostgresQuery,
} from "../../../src/dbt/sql-lineage/postgres-front-end.js";
import type { FrontEndResult, Query } from "../../../src/dbt/sql-lineage/query-model.js";

beforeAll(async () => {
  await loadPostgresParser();
});

function queryOf(result: FrontEndResult): Query {
  if (result.kind !== "query") throw new Error(result.message);
  return result.query;
}

/** Portable SQL: libpg-query and every node-sql-parser grammar listed must build the very same model. */
const PORTABLE_QUERIES = [
  "select a, b as c from s.t where d > 1",
  "select x.a, y.b from t x join u y on x.id = y.id left join v on v.k = x.k",
  "select a from t join u using (k)",
  "with c as (select a from t) select c.a from c",
  "select a, count(*) as n from t group by 1 having count(*) > 1 order by 2 desc",
  "select a from t union all select b from u",
  "select a from t where exists (select 1 from u where u.k = t.k)",
  "select a from t where a in (select b from u)",
  "select sum(a) over (partition by b order by c) as s from t",
  "select t.*, u.a from t, u",
  "select * from (select a from t) s",
  "select case when a = 'x' then b else c end as d from t",
  "select cast(a as int) as b, coalesce(c, d) as e from t",
];

describe("the two front ends agree on portable SQL", () => {
  const cases = ["snowflake", "postgresql", "mysql", "redshift"].flatMap((database) =>
    PORTABLE_QUERIES.map((sql) => ({ database, sql })),
  );
  it.each(cases)("$database: $sql", ({ database, sql }) => {
    const fromPostgres = queryOf(parsePostgresQuery(sql));
    const fromNodeSqlParser = queryOf(parseWithGrammar(sql, { database, doubleQuotedIsIdentifier: true }));
    expect(fromNodeSqlParser).toEqual(fromPostgres);
  });
});

describe("PostgreSQL query model", () => {
  it("tags each clause's references with its usage", () => {
    const query = queryOf(
      parsePostgresQuery(`
        select a, rank() over (partition by p order by o) as r
        from s.t x join u on x.k = u.k
        where f = 1 group by g having h > 0 order by z`),
    );
    expect(query).toEqual({
      kind: "select",
      from: [
        {
          kind: "join",
          joinType: "inner",
          left: { kind: "table", name: ["s", "t"], alias: "x" },
          right: { kind: "table", name: ["u"] },
          natural: false,
          on: {
            references: [
              { path: ["x", "k"], usage: "join" },
              { path: ["u", "k"], usage: "join" },
            ],
            subqueries: [],
          },
        },
      ],
      projection: [
        {
          kind: "expression",
          name: "a",
          bare: true,
          expression: { references: [{ path: ["a"], usage: "select" }], subqueries: [] },
        },
        {
          kind: "expression",
          name: "r",
          expression: {
            references: [
              { path: ["p"], usage: "window" },
              { path: ["o"], usage: "window" },
            ],
            subqueries: [],
          },
        },
      ],
      clauses: [
        { usage: "filter", expression: { references: [{ path: ["f"], usage: "filter" }], subqueries: [] } },
        { usage: "group", expression: { references: [{ path: ["g"], usage: "group" }], subqueries: [] } },
        { usage: "filter", expression: { references: [{ path: ["h"], usage: "filter" }], subqueries: [] } },
        { usage: "order", expression: { references: [{ path: ["z"], usage: "order" }], subqueries: [] } },
      ],
    });
  });

  it.each([
    ["select t.a from t", "a"],
    ["select a::int from t", "a"],
    ["select '1'::int from t", "int4"],
    ["select count(*) from t", "count"],
    ["select coalesce(a, b) from t", "coalesce"],
    ["select case when a then 1 end from t", "case"],
    ["select greatest(a, b) from t", "greatest"],
    ["select nullif(a, b) from t", "nullif"],
    ["select current_date", "current_date"],
    ["select (t.rec).field from t", "field"],
    ["select array[a] from t", "array"],
    ["select exists (select 1) from t", "exists"],
    ["select (select max(b) from u) from t", "max"],
    ["select a + 1 from t", undefined],
    ["select a = b from t", undefined],
  ])("PostgreSQL names `%s` %s", (sql, name) => {
    const query = queryOf(parsePostgresQuery(sql));
    const item = query.kind === "select" ? query.projection[0] : undefined;
    expect(item?.kind === "expression" ? item.name : "not an expression").toBe(name);
  });

  it("exposes FigureColname for an unwrapped node", () => {
    expect(figureColumnName({ FuncCall: { funcname: [{ String: { sval: "Lower" } }] } })).toBe("lower");
  });
});

describe("parse failures name the parser and the place", () => {
  it.each([
    ["postgres", "select a from", "PostgreSQL parser: syntax error at end of input"],
    [
      "snowflake",
      "select a\nfrom t where (",
      "node-sql-parser (snowflake): syntax error at line 2, column 15 near end of input",
    ],
    ["bigquery", "select from from", "node-sql-parser (bigquery): syntax error at line 1"],
    [
      "redshift",
      "select a from t where",
      "node-sql-parser (redshift): syntax error at line 1, column 22 near end of input; PostgreSQL parser: syntax error at end of input",
    ],
    ["mysql", "update t set a = 1", "the compiled SQL holds no SELECT statement"],
  ])("%s: %s", (adapter, sql, message) => {
    const result = parseForAdapter(sql, adapter);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" ? result.message : "").toContain(message);
  });

  it("a second front end that succeeds says why the first did not", () => {
    // Redshift SQL that node-sql-parser's redshift grammar rejects but PostgreSQL's parser reads
    const result = parseForAdapter(
      "select a from t where a is distinct from 1 and b ilike 'x%' and c::date > now() - interval '1 day' and (d).e = 1",
      "redshift",
    );
    expect(result.kind).toBe("query");
    expect(result.kind === "query" ? result.notes[0] : "").toMatch(
      /^parsed by libpg-query after: node-sql-parser \(redshift\)/,
    );
  });
});
