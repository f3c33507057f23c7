import { loadPostgresParser, parsePostgresQuery } from "../../src/dbt/sql-lineage/postgres-front-end.js";
import { parseWithGrammar } from "../../src/dbt/sql-lineage/node-sql-parser-front-end.js";
import { isDeepStrictEqual } from "node:util";
await loadPostgresParser();
const queries = [
  "select a, b as c from s.t where d > 1",
  "select x.a, y.b from t x join u y on x.id = y.id left join v on v.k = x.k",
  "select a from t join u using (k)",
  "with c as (select a from t) select c.a from c",
  "select a, count(*) as n from t group by 1 having count(*) > 1 order by 2 desc",
  "select a from t union all select b from u",
  "select a from t where exists (select 1 from u where u.k = t.k)",
  "select a from t where a in (select b from u)",
  "select (select max(b) from u) as m from t",
  "select sum(a) over (partition by b order by c) as s from t",
  "select t.*, u.a from t, u",
  "select * from (select a from t) s",
  "select case when a = 'x' then b else c end as d from t",
  "select cast(a as int) as b, coalesce(c, d) as e from t",
];
for (const db of ["snowflake", "postgresql", "mysql", "bigquery", "redshift", "trino"]) {
  for (const sql of queries) {
    const pg = parsePostgresQuery(sql);
    const other = parseWithGrammar(sql, { database: db, doubleQuotedIsIdentifier: true });
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(pg)), JSON.parse(JSON.stringify(other)))) {
      console.log(`DIFF ${db}: ${sql}`);
      if (process.argv[2] === "v") { console.log(JSON.stringify(pg)); console.log(JSON.stringify(other)); }
    }
  }
}
