import { parseForAdapter } from "../../src/dbt/sql-lineage/front-ends.js";
const qs = [
  "select a, count(*) from t group by all",
  "select * replace (a + 1 as a) from t",
  "select * rename (a as b) from t",
  "select * from t pivot (sum(amount) for month in ('jan', 'feb')) as p",
  "select a from t where b ilike any ('%x%', '%y%')",
  "select a from t sample (10)",
  "select a, current_timestamp, sysdate(), current_date from t",
  "select t.$1 from @stage t",
  "select a from t at(offset => -60)",
  "select object_construct('a', a) as o, array_agg(b) within group (order by c) as arr from t group by 1",
  "select listagg(b, ',') within group (order by c) from t",
  "select try_cast(a as int), a::number(38,0), to_varchar(b, 'YYYY') from t",
  "select x.value::string as v from t, table(flatten(t.arr)) x",
  "select a from t connect by prior id = parent_id start with parent_id is null",
  "select a from t match_recognize (order by b measures c as d pattern (e) define e as true)",
  "select {'a': 1} as o from t",
  "select a from identifier('db.sch.t')",
  "select h.a from db.sch.t h natural join u",
];
for (const sql of qs) {
  const r = parseForAdapter(sql, "snowflake");
  console.log(r.kind === "query" ? "ok " : "ERR", sql, r.kind === "error" ? r.message.slice(0, 100) : JSON.stringify(r.query).slice(0, 300));
}
