import { beforeAll, describe, expect, it } from "vitest";
import { analyzeColumnUse, loadColumnUseParsers } from "../../src/dbt/column-usage.js";
import type { DbtColumn, DbtNode, DbtRelation, NodeColumnUse } from "../../src/dbt/model.js";
import { POSTGRES_IDENTIFIERS } from "../../src/dialects/identifiers.js";

// ---- hand-built parents -------------------------------------------------------------------------

function dbtNode(uniqueId: string, relation: DbtRelation | undefined, extra: Partial<DbtNode> = {}): DbtNode {
  const name = uniqueId.split(".").pop() ?? uniqueId;
  return {
    uniqueId,
    resourceType: uniqueId.split(".")[0] ?? "model",
    name,
    packageName: "shop",
    ...(relation ? { relation } : { materialized: "ephemeral" }),
    columns: new Map(),
    columnsComplete: false,
    contractEnforced: false,
    dependsOn: [],
    ...extra,
  };
}

const ORDERS = dbtNode("model.shop.orders", {
  database: "analytics",
  schema: "public",
  identifier: "orders",
});
const CUSTOMERS = dbtNode("model.shop.customers", {
  database: "analytics",
  schema: "public",
  identifier: "customers",
});
const PAYMENTS = dbtNode("source.shop.raw.payments", {
  database: "analytics",
  schema: "raw",
  identifier: "payments",
});
const EVENTS = dbtNode("model.shop.events", {
  database: "analytics",
  schema: "public",
  identifier: "events",
});
const ORDER_TOTALS = dbtNode("model.shop.order_totals", undefined);
const ALL_PARENTS = [ORDERS, CUSTOMERS, PAYMENTS, EVENTS];

/** Known columns (as catalog.json would give them); payments and events are unknown. */
const KNOWN_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [ORDERS.uniqueId]: ["id", "customer_id", "amount", "status", "created_at"],
  [CUSTOMERS.uniqueId]: ["id", "name", "email", "country"],
};

function modelNode(
  sql: string | undefined,
  parents: readonly DbtNode[],
  documented: readonly string[] = [],
): DbtNode {
  const columns = new Map<string, DbtColumn>(
    documented.map((name) => [name, { name, notNullConstraint: false }]),
  );
  return dbtNode(
    "model.shop.this_model",
    { database: "analytics", schema: "public", identifier: "this_model" },
    {
      ...(sql !== undefined ? { compiledCode: sql } : {}),
      columns,
      dependsOn: parents.map((parent) => parent.uniqueId),
    },
  );
}

// ---- compact, exact renderings of the result ----------------------------------------------------

const shortName = (uniqueId: string) => uniqueId.split(".").pop() ?? uniqueId;

/** { orders: "* amount:select id:select/star" }: a leading `*` when the node reads it with star. */
function readsOf(use: NodeColumnUse): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [node, read] of use.reads) {
    const columns = [...read.columns].map(([column, usages]) => `${column}:${usages.join("/")}`);
    result[shortName(node)] = [...(read.star ? ["*"] : []), ...columns].join(" ");
  }
  return result;
}

/** { total: "orders.amount" }, sources in order. */
function outputsOf(use: NodeColumnUse): Record<string, string> | undefined {
  if (use.outputs === undefined) return undefined;
  return Object.fromEntries(
    use.outputs.map((output) => [
      output.name,
      output.sources.map((source) => `${shortName(source.node)}.${source.column}`).join(", "),
    ]),
  );
}

interface Case {
  readonly name: string;
  readonly sql: string;
  readonly adapter?: string;
  readonly parents?: readonly DbtNode[];
  readonly columns?: Readonly<Record<string, readonly string[]>>;
  readonly reads: Record<string, string>;
  readonly outputs?: Record<string, string>;
  /** Each must be a substring of one note. */
  readonly notes?: readonly string[];
  /** When given, the notes must be exactly these (substrings, one per note, in order). */
  readonly onlyNotes?: readonly string[];
}

/** Snowflake stores unquoted names upper case, and its manifest's relations say so. */
function storedBy(adapter: string, parents: readonly DbtNode[]): readonly DbtNode[] {
  if (adapter !== "snowflake") return parents;
  return parents.map((parent) => {
    const relation = parent.relation;
    if (!relation) return parent;
    const upper = (part: string | undefined) => part?.toUpperCase();
    return {
      ...parent,
      relation: {
        ...(relation.database && { database: upper(relation.database)! }),
        schema: upper(relation.schema)!,
        identifier: upper(relation.identifier)!,
      },
    };
  });
}

function analyze(testCase: Case): NodeColumnUse {
  const parents = storedBy(testCase.adapter ?? "postgres", testCase.parents ?? ALL_PARENTS);
  const columns = testCase.columns ?? KNOWN_COLUMNS;
  return analyzeColumnUse(modelNode(testCase.sql, parents), parents, {
    adapter: testCase.adapter ?? "postgres",
    columnsOf: (uniqueId) => columns[uniqueId],
    identifiers: POSTGRES_IDENTIFIERS,
  });
}

function check(testCase: Case): void {
  const use = analyze(testCase);
  expect(use.basis, use.notes.join("\n")).toBe("compiled");
  expect(readsOf(use)).toEqual(testCase.reads);
  if (testCase.outputs !== undefined) expect(outputsOf(use)).toEqual(testCase.outputs);
  for (const note of testCase.notes ?? [])
    expect(
      use.notes.some((candidate) => candidate.includes(note)),
      `note "${note}" in ${JSON.stringify(use.notes)}`,
    ).toBe(true);
  if (testCase.onlyNotes !== undefined) {
    expect(use.notes).toHaveLength(testCase.onlyNotes.length);
    for (const [index, note] of testCase.onlyNotes.entries()) expect(use.notes[index]).toContain(note);
  }
}

beforeAll(async () => {
  await loadColumnUseParsers();
});

// ---- PostgreSQL (libpg-query) -------------------------------------------------------------------

const NOT_REFERENCED = "not referenced in the compiled SQL";

const POSTGRES_CASES: readonly Case[] = [
  {
    name: "simple select with a filter",
    sql: `select id, amount as total from "analytics"."public"."orders" where status = 'paid'`,
    parents: [ORDERS],
    reads: { orders: "amount:select id:select status:filter" },
    outputs: { id: "orders.id", total: "orders.amount" },
    onlyNotes: [],
  },
  {
    name: "table alias and a 2-part name",
    sql: "select o.id, o.customer_id as buyer from public.orders as o order by o.created_at desc",
    parents: [ORDERS],
    reads: { orders: "created_at:order customer_id:select id:select" },
    outputs: { id: "orders.id", buyer: "orders.customer_id" },
    onlyNotes: [],
  },
  {
    name: "1-part name, upper-case identifiers",
    sql: "SELECT ID, Amount FROM Orders",
    parents: [ORDERS],
    reads: { orders: "amount:select id:select" },
    outputs: { id: "orders.id", amount: "orders.amount" },
  },
  {
    name: "CTE chain: usage in a later CTE reaches the upstream column",
    sql: `
      with base as (select id, customer_id, amount from analytics.public.orders),
      per_customer as (select customer_id, sum(amount) as total from base group by customer_id)
      select customer_id, total from per_customer where total > 100`,
    parents: [ORDERS],
    reads: { orders: "amount:select/filter customer_id:select/group id:select" },
    outputs: { customer_id: "orders.customer_id", total: "orders.amount" },
    onlyNotes: [],
  },
  {
    name: "nested subqueries",
    sql: `select x.cid from (select y.customer_id as cid from (select customer_id from orders where amount > 0) as y) as x`,
    parents: [ORDERS],
    reads: { orders: "amount:filter customer_id:select" },
    outputs: { cid: "orders.customer_id" },
  },
  {
    name: "join ... on",
    sql: "select o.id, c.name from orders o join customers c on o.customer_id = c.id",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "customer_id:join id:select", customers: "id:join name:select" },
    outputs: { id: "orders.id", name: "customers.name" },
    onlyNotes: [],
  },
  {
    name: "join ... using: the merged column comes from both sides",
    sql: "select id, amount, name from orders join customers using (id)",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select id:select/join", customers: "id:select/join name:select" },
    outputs: { id: "orders.id, customers.id", amount: "orders.amount", name: "customers.name" },
    onlyNotes: [],
  },
  {
    name: "a chain of USING joins on the same column is not ambiguous",
    sql: `
      with o as (select id, amount from orders), c as (select id, email from customers)
      select * from o left join c using (id) left join raw.payments p using (id)`,
    parents: [ORDERS, CUSTOMERS, PAYMENTS],
    reads: {
      orders: "amount:select id:select/join",
      customers: "email:select id:select/join",
      payments: "* id:join",
    },
    outputs: {
      id: "orders.id, customers.id",
      amount: "orders.amount",
      email: "customers.email",
      "*": "payments.*",
    },
    onlyNotes: [],
  },
  {
    name: "natural join over known columns",
    sql: "select id, amount, email from orders natural join customers",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select id:select/join", customers: "email:select id:select/join" },
    outputs: { id: "orders.id, customers.id", amount: "orders.amount", email: "customers.email" },
  },
  {
    name: "unqualified columns resolved by the known columns of each relation",
    sql: "select amount, email, country from orders o left join customers c on o.customer_id = c.id",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select customer_id:join", customers: "country:select email:select id:join" },
    outputs: { amount: "orders.amount", email: "customers.email", country: "customers.country" },
    onlyNotes: [],
  },
  {
    name: "a known relation that has the column wins over one with unknown columns",
    sql: "select amount, code from orders o join raw.payments p on p.order_id = o.id",
    parents: [ORDERS, PAYMENTS],
    reads: { orders: "amount:select id:join", payments: "code:select order_id:join" },
    outputs: { amount: "orders.amount", code: "payments.code" },
    onlyNotes: [],
  },
  {
    name: "ambiguous column: attributed to every candidate, with a note",
    sql: "select code from raw.payments p join events e on p.event_id = e.id",
    parents: [PAYMENTS, EVENTS],
    reads: { payments: "code:select event_id:join", events: "code:select id:join" },
    outputs: { code: "payments.code, events.code" },
    onlyNotes: ["column code is ambiguous between source.shop.raw.payments, model.shop.events"],
  },
  {
    name: "select * over a parent with known columns expands them",
    sql: "select * from orders",
    parents: [ORDERS],
    reads: { orders: "* amount:star created_at:star customer_id:star id:star status:star" },
    outputs: {
      id: "orders.id",
      customer_id: "orders.customer_id",
      amount: "orders.amount",
      status: "orders.status",
      created_at: "orders.created_at",
    },
  },
  {
    name: "t.* over a parent with unknown columns passes through as *",
    sql: "select p.*, 1 as one from raw.payments p",
    parents: [PAYMENTS],
    reads: { payments: "*" },
    outputs: { one: "", "*": "payments.*" },
  },
  {
    name: "* through a CTE, joined with a known parent",
    sql: `
      with p as (select * from raw.payments)
      select p.*, o.amount from p join orders o on o.id = p.order_id`,
    parents: [ORDERS, PAYMENTS],
    reads: { orders: "amount:select id:join", payments: "* order_id:join" },
    outputs: { amount: "orders.amount", "*": "payments.*" },
  },
  {
    name: "* of a CTE over a known parent keeps each column's origin",
    sql: `
      with renamed as (select id as order_id, amount * 100 as cents from orders)
      select * from renamed`,
    parents: [ORDERS],
    reads: { orders: "amount:select id:select" },
    outputs: { order_id: "orders.id", cents: "orders.amount" },
  },
  {
    name: "union by position, named by the left arm",
    sql: "select id, amount from orders union all select id, email from customers",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select id:select", customers: "email:select id:select" },
    outputs: { id: "orders.id, customers.id", amount: "orders.amount, customers.email" },
  },
  {
    name: "window functions: partition and order columns are window usage, not data flow",
    sql: `
      select id,
             row_number() over (partition by customer_id order by created_at) as rn,
             sum(amount) over w as by_status
      from orders
      window w as (partition by status)`,
    parents: [ORDERS],
    reads: { orders: "amount:select created_at:window customer_id:window id:select status:window" },
    outputs: { id: "orders.id", rn: "", by_status: "orders.amount" },
  },
  {
    name: "CASE, functions and casts; PostgreSQL's names for unaliased expressions",
    sql: `
      select case when status = 'paid' then amount::numeric else 0 end as paid_amount,
             coalesce(customer_id, -1) as cid,
             upper(status),
             created_at::date,
             amount + 1
      from orders`,
    parents: [ORDERS],
    reads: { orders: "amount:select created_at:select customer_id:select status:select" },
    outputs: {
      paid_amount: "orders.status, orders.amount",
      cid: "orders.customer_id",
      upper: "orders.status",
      created_at: "orders.created_at",
    },
  },
  {
    name: "GROUP BY / ORDER BY positions and output names",
    sql: "select status, count(*) as n, max(amount) as top from orders group by 1 order by top desc, 2",
    parents: [ORDERS],
    reads: { orders: "amount:select/order status:select/group" },
    outputs: { status: "orders.status", n: "", top: "orders.amount" },
  },
  {
    name: "correlated scalar subquery and EXISTS",
    sql: `
      select c.id,
             (select max(o.amount) from orders o where o.customer_id = c.id) as max_amount
      from customers c
      where exists (select * from orders o2 where o2.customer_id = c.id and o2.status = 'paid')`,
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select customer_id:filter status:filter", customers: "id:select/filter" },
    outputs: { id: "customers.id", max_amount: "orders.amount" },
  },
  {
    name: "IN (subquery): the subquery's column is used as a filter",
    sql: "select name from customers where id in (select customer_id from orders where status = 'paid')",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "customer_id:select/filter status:filter", customers: "id:filter name:select" },
    outputs: { name: "customers.name" },
  },
  {
    name: "ephemeral parent inlined as __dbt__cte__: reads go to it, not to what its body reads",
    sql: `
      with __dbt__cte__order_totals as (
        select customer_id, sum(amount) as total from "analytics"."public"."orders" group by 1
      )
      select c.name, t.total from customers c join __dbt__cte__order_totals t on t.customer_id = c.id`,
    parents: [CUSTOMERS, ORDER_TOTALS],
    reads: { customers: "id:join name:select", order_totals: "customer_id:join total:select" },
    outputs: { name: "customers.name", total: "order_totals.total" },
    onlyNotes: [],
  },
  {
    name: "ephemeral parent: * expands to the columns its body produces",
    sql: `
      with __dbt__cte__order_totals as (select customer_id, sum(amount) as total from orders group by 1)
      select * from __dbt__cte__order_totals`,
    parents: [ORDER_TOTALS],
    reads: { order_totals: "* customer_id:star total:star" },
    outputs: { customer_id: "order_totals.customer_id", total: "order_totals.total" },
  },
  {
    name: "comments and string literals are not column use",
    sql: `
      -- amount is deliberately not selected; neither is email
      select id, /* customer_id, */ 'status' as label, 'o.created_at' as quoted
      from orders o
      where o.id <> 'amount' -- and o.status = 'x'`,
    parents: [ORDERS],
    reads: { orders: "id:select/filter" },
    outputs: { id: "orders.id", label: "", quoted: "" },
  },
  {
    name: "a relation that is not a parent is ignored and noted; the node's own relation says so",
    sql: `
      select o.id, x.flag from orders o
      join information_schema.tables x on x.table_name = o.status
      where o.created_at > (select max(created_at) from analytics.public.this_model)`,
    parents: [ORDERS],
    reads: { orders: "created_at:filter id:select status:join" },
    outputs: { id: "orders.id", flag: "" },
    onlyNotes: [
      "information_schema.tables is no relation the project or the migrations know",
      "analytics.public.this_model is this node's own relation ({{ this }})",
    ],
  },
  {
    name: "a parent the SQL never names is noted",
    sql: "select id from orders",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "id:select" },
    onlyNotes: [`${NOT_REFERENCED}: model.shop.customers`],
  },
  {
    name: "a column the known columns lack is still attributed (stale catalog), with a note",
    sql: "select id, discount from orders",
    parents: [ORDERS],
    reads: { orders: "discount:select id:select" },
    outputs: { id: "orders.id", discount: "orders.discount" },
    onlyNotes: ["column discount is not among the known columns of model.shop.orders"],
  },
  {
    name: "recursive CTE",
    sql: `
      with recursive chain (id, parent_id, depth) as (
        select id, customer_id, 0 from orders
        union all
        select o.id, o.customer_id, chain.depth + 1 from orders o join chain on o.customer_id = chain.id
      )
      select id, depth from chain`,
    parents: [ORDERS],
    reads: { orders: "customer_id:select/join id:select/join" },
    outputs: { id: "orders.id", depth: "" },
  },
  {
    name: "lateral subquery and a set-returning function",
    sql: `
      select c.name, last.amount, tag
      from customers c
      cross join lateral (select amount from orders o where o.customer_id = c.id order by created_at desc limit 1) last
      cross join unnest(string_to_array(c.country, ',')) as tag`,
    parents: [ORDERS, CUSTOMERS],
    reads: {
      orders: "amount:select created_at:order customer_id:filter",
      customers: "country:select id:filter name:select",
    },
    outputs: { name: "customers.name", amount: "orders.amount", tag: "customers.country" },
  },
  {
    name: "ORDER BY and FILTER inside an aggregate are order and filter usage",
    sql: "select string_agg(status, ',' order by created_at) filter (where amount > 0) as statuses from orders",
    parents: [ORDERS],
    reads: { orders: "amount:filter created_at:order status:select" },
    outputs: { statuses: "orders.status" },
  },
  {
    name: "a parent in another database or schema (dbt --defer, clones) is matched by its last parts, with a note",
    sql: "select o.id from prod_db.analytics_prod.orders o join dev.customers c on c.id = o.customer_id",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "customer_id:join id:select", customers: "id:join" },
    onlyNotes: [
      "prod_db.analytics_prod.orders matched the parent orders by its last parts only",
      "dev.customers matched the parent customers by its last parts only",
    ],
  },
  {
    name: "whole-row reference",
    sql: "select to_jsonb(o) as doc, row_to_json(c.*) as cust from orders o, customers c",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "*", customers: "*" },
    outputs: { doc: "orders.*", cust: "customers.*" },
  },
];

describe("analyzeColumnUse on PostgreSQL (libpg-query)", () => {
  it.each(POSTGRES_CASES)("$name", check);
});

// ---- other warehouses (node-sql-parser) -------------------------------------------------------

const SNOWFLAKE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [ORDERS.uniqueId]: ["id", "customer_id", "amount", "status", "created_at", "items", "payload"],
  [CUSTOMERS.uniqueId]: ["id", "name", "email", "country"],
};

const OTHER_WAREHOUSE_CASES: readonly Case[] = [
  {
    name: "snowflake: QUALIFY, :: casts, IFF, JSON paths, LATERAL FLATTEN, bare date parts",
    adapter: "snowflake",
    sql: `
      SELECT t.ID,
             f.value:name::string AS item_name,
             IFF(t.AMOUNT > 0, t.AMOUNT, NULL) AS positive,
             t.payload:customer.id::int AS cid
      FROM ANALYTICS.PUBLIC.ORDERS t,
           LATERAL FLATTEN(input => t.items) f
      WHERE DATEADD(day, -7, CURRENT_DATE()) < t.CREATED_AT
      QUALIFY ROW_NUMBER() OVER (PARTITION BY t.id ORDER BY t.created_at DESC) = 1`,
    parents: [ORDERS],
    columns: SNOWFLAKE_COLUMNS,
    reads: { orders: "amount:select created_at:filter/window id:select/window items:select payload:select" },
    outputs: { id: "orders.id", item_name: "orders.items", positive: "orders.amount", cid: "orders.payload" },
    // node-sql-parser cannot read `t.payload:customer.id`: the front end retries with the path cut
    onlyNotes: ["parsed after a rewrite: semi-structured paths cut to their first step"],
  },
  {
    name: "snowflake: GROUP BY ALL groups by the non-aggregate items; LISTAGG ... WITHIN GROUP",
    adapter: "snowflake",
    sql: `
      select status, customer_id as buyer, listagg(id, ',') within group (order by created_at) as ids, count(*) as n
      from analytics.public.orders
      group by all`,
    parents: [ORDERS],
    // node-sql-parser cannot read WITHIN GROUP: dropped on a retry, so created_at's order use is lost
    reads: { orders: "customer_id:select/group id:select status:select/group" },
    outputs: { status: "orders.status", buyer: "orders.customer_id", ids: "orders.id", n: "" },
    onlyNotes: ["parsed after a rewrite"],
  },
  {
    name: "snowflake: lateral column alias and * EXCLUDE",
    adapter: "snowflake",
    sql: `
      with o as (select * exclude (status, created_at) from analytics.public.orders)
      select id, amount * 2 as doubled, doubled + customer_id as mixed from o`,
    parents: [ORDERS],
    reads: {
      orders: "* amount:select/star created_at:star customer_id:select/star id:select/star status:star",
    },
    outputs: { id: "orders.id", doubled: "orders.amount", mixed: "orders.amount, orders.customer_id" },
  },
  {
    name: "snowflake: comments and strings are not column use",
    adapter: "snowflake",
    sql: `
      select id -- , amount
      /* , status */
      , 'customer_id' as label
      from orders`,
    parents: [ORDERS],
    reads: { orders: "id:select" },
    outputs: { id: "orders.id", label: "" },
  },
  {
    name: "snowflake: an ambiguous unqualified column over two unknown relations",
    adapter: "snowflake",
    sql: "SELECT code, e.ts FROM ANALYTICS.RAW.PAYMENTS p JOIN ANALYTICS.PUBLIC.EVENTS e ON p.event_id = e.id",
    parents: [PAYMENTS, EVENTS],
    reads: { payments: "code:select event_id:join", events: "code:select id:join ts:select" },
    notes: ["column code is ambiguous"],
  },
  {
    name: "bigquery: backquoted project.dataset.table, UNNEST, * EXCEPT",
    adapter: "bigquery",
    sql: "select o.* except (status), item from `analytics.public.orders` o, unnest(o.items) as item",
    parents: [ORDERS],
    columns: SNOWFLAKE_COLUMNS,
    reads: {
      orders:
        "* amount:star created_at:star customer_id:star id:star items:select/star payload:star status:star",
    },
    outputs: {
      id: "orders.id",
      customer_id: "orders.customer_id",
      amount: "orders.amount",
      created_at: "orders.created_at",
      items: "orders.items",
      payload: "orders.payload",
      item: "orders.items",
    },
  },
  {
    name: "starrocks (mysql grammar): backquoted schema.table, join, group by",
    adapter: "starrocks",
    sql: "select c.`country`, sum(o.amount) as revenue from `public`.`orders` o join `public`.`customers` c on o.customer_id = c.id group by c.country",
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select customer_id:join", customers: "country:select/group id:join" },
    outputs: { country: "customers.country", revenue: "orders.amount" },
  },
  {
    name: "redshift: CTE and union",
    adapter: "redshift",
    sql: `
      with paid as (select id, amount from analytics.public.orders where status = 'paid')
      select id, amount from paid union select id, 0 from customers`,
    parents: [ORDERS, CUSTOMERS],
    reads: { orders: "amount:select id:select status:filter", customers: "id:select" },
    outputs: { id: "orders.id, customers.id", amount: "orders.amount" },
  },
];

describe("analyzeColumnUse on other warehouses (node-sql-parser)", () => {
  it.each(OTHER_WAREHOUSE_CASES)("$name", check);
});

// ---- fallbacks ----------------------------------------------------------------------------------

describe("analyzeColumnUse fallbacks", () => {
  const options = {
    adapter: "postgres",
    columnsOf: (uniqueId: string) => KNOWN_COLUMNS[uniqueId],
    identifiers: POSTGRES_IDENTIFIERS,
  };

  it.each([
    { adapter: "postgres", sql: "select id, from orders where", reason: "PostgreSQL parser: syntax error" },
    {
      adapter: "snowflake",
      sql: "select id from orders where ((",
      reason: "node-sql-parser (snowflake): syntax error at line 1",
    },
    {
      adapter: "postgres",
      sql: "create index i on orders (id)",
      reason: "the compiled SQL holds no SELECT statement",
    },
  ])("unparseable SQL ($adapter) falls back to YAML with the reason", ({ adapter, sql, reason }) => {
    const use = analyzeColumnUse(
      modelNode(sql, [ORDERS, CUSTOMERS], ["id", "amount", "margin"]),
      [ORDERS, CUSTOMERS],
      { ...options, adapter },
    );
    expect(use.basis).toBe("yaml");
    expect(readsOf(use)).toEqual({ orders: "amount:documented id:documented", customers: "id:documented" });
    expect(use.outputs).toBeUndefined();
    expect(use.notes[0]).toContain(`the compiled SQL could not be parsed: ${reason}`);
    expect(use.notes[1]).toContain("reads inferred from the YAML-documented columns");
  });

  it("no compiled code: YAML basis, with the reason", () => {
    const use = analyzeColumnUse(modelNode(undefined, [ORDERS], ["status"]), [ORDERS], options);
    expect(use.basis).toBe("yaml");
    expect(readsOf(use)).toEqual({ orders: "status:documented" });
    expect(use.notes[0]).toContain("the node has no compiled code");
  });

  it("no compiled code and no documented columns: nothing is known", () => {
    const use = analyzeColumnUse(modelNode(undefined, [ORDERS]), [ORDERS], options);
    expect(use.basis).toBe("none");
    expect(use.reads.size).toBe(0);
    expect(use.notes).toHaveLength(2);
  });

  it("an adapter without its own grammar falls back to PostgreSQL's parser", () => {
    const use = analyzeColumnUse(modelNode("select amount from orders", [ORDERS]), [ORDERS], {
      ...options,
      adapter: "some-new-warehouse",
    });
    expect(use.basis).toBe("compiled");
    expect(readsOf(use)).toEqual({ orders: "amount:select" });
  });
});

describe("outputs that copy a column unchanged", () => {
  it("marks bare references (renamed or not, through CTEs) as direct, and computed ones not", async () => {
    const { analyzeColumnUse, loadColumnUseParsers } = await import("../../src/dbt/column-usage.js");
    await loadColumnUseParsers();
    const parent = {
      uniqueId: "source.p.raw.bars",
      resourceType: "source",
      name: "bars",
      packageName: "p",
      relation: { schema: "raw", identifier: "bars" },
      columns: new Map(),
      columnsComplete: false,
      contractEnforced: false,
      dependsOn: [],
    } as const;
    const node = {
      ...parent,
      uniqueId: "model.p.m",
      resourceType: "model",
      name: "m",
      relation: { schema: "marts", identifier: "m" },
      dependsOn: ["source.p.raw.bars"],
      compiledCode: `with d as (select close, close * 2 as doubled, lag(close) over (order by t) as prev from raw.bars)
        select close, close as last_price, doubled, (close / nullif(prev, 0))::numeric(18,8) as ret from d`,
    };
    // Snowflake stores the unquoted raw.bars as RAW.BARS, and its manifest says so.
    for (const [adapter, relation] of [
      ["postgres", parent.relation],
      ["snowflake", { schema: "RAW", identifier: "BARS" }],
    ] as const) {
      const use = analyzeColumnUse(node, [{ ...parent, relation }], {
        adapter,
        columnsOf: () => ["close", "t"],
        identifiers: POSTGRES_IDENTIFIERS,
      });
      const direct = Object.fromEntries((use.outputs ?? []).map((output) => [output.name, output.direct]));
      expect(direct, adapter).toEqual({ close: true, last_price: true, doubled: false, ret: false });
    }
  });
});
