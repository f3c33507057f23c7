import { describe, expect, it } from "vitest";
import { applyChange } from "../../src/catalog/apply.js";
import {
  emptyCatalog,
  findColumn,
  findRelation,
  findTable,
  isStale,
  relationKeyIn,
} from "../../src/catalog/model.js";
import { type ParsedScript, replayScripts } from "../../src/catalog/replay.js";
import { POSTGRES_IDENTIFIERS } from "../../src/dialects/identifiers.js";
import type { Change, ColumnDef, ParsedStatement } from "../../src/sql/changes.js";
import type { DataType } from "../../src/sql/data-type.js";

const span = { start: 0, end: 1 };
const POSTGRES = { identifiers: POSTGRES_IDENTIFIERS };
const type = (name: string, family: DataType["family"] = "integer"): DataType => ({
  family,
  name,
  raw: name,
});
const column = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type: type("integer"),
  nullable: true,
  ...extra,
});
const raw = (name: string) => ({ schema: "raw", name });

function script(path: string, changes: Change[]): ParsedScript {
  const statements: ParsedStatement[] = changes.map((change) => ({
    span,
    statementType: "test",
    changes: [change],
  }));
  return { path, text: "", parsed: { statements, errors: [] } };
}

const createTrades: Change = {
  kind: "create_table",
  table: {
    name: raw("trades"),
    columns: [column("id"), column("price", { type: type("numeric", "decimal") }), column("symbol")],
    constraints: [{ kind: "primary_key", columns: ["id"] }],
  },
  ifNotExists: false,
  span,
};

describe("replayScripts", () => {
  it("yields before, after and changes per file, never mutating earlier catalogs", () => {
    const replays = replayScripts(
      [
        script("1.sql", [createTrades]),
        script("2.sql", [
          {
            kind: "drop_column",
            table: raw("trades"),
            column: "symbol",
            ifExists: false,
            cascade: false,
            span,
          },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    expect(replays).toHaveLength(2);
    expect(findRelation(replays[0]!.before, raw("trades"))).toBeUndefined();
    const afterFirst = findTable(replays[0]!.after, raw("trades"))!;
    expect(afterFirst.columns.map((c) => c.name)).toEqual(["id", "price", "symbol"]);
    // The primary key makes its column NOT NULL.
    expect(findColumn(POSTGRES, afterFirst, "id")!.nullable).toBe(false);
    expect(replays[1]!.before).toBe(replays[0]!.after);
    expect(findTable(replays[1]!.after, raw("trades"))!.columns.map((c) => c.name)).toEqual(["id", "price"]);
    // The first file's result still has the column: catalogs are immutable.
    expect(findTable(replays[0]!.after, raw("trades"))!.columns).toHaveLength(3);
    expect(replays[1]!.changes[0]!.before).toBe(replays[0]!.after);
  });

  it("renames columns everywhere they are mentioned", () => {
    const [replay] = replayScripts(
      [
        script("1.sql", [
          createTrades,
          {
            kind: "create_index",
            index: { name: "trades_symbol_idx", table: raw("trades"), columns: ["symbol"], unique: false },
            ifNotExists: false,
            span,
          },
          { kind: "rename_column", table: raw("trades"), from: "symbol", to: "ticker", span },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    const table = findTable(replay!.after, raw("trades"))!;
    expect(table.columns.map((c) => c.name)).toEqual(["id", "price", "ticker"]);
    expect(table.indexes[0]!.columns).toEqual(["ticker"]);
  });

  it("resolves unqualified names through the session search_path until the end of the file", () => {
    const replays = replayScripts(
      [
        script("1.sql", [
          { kind: "set_option", name: "search_path", value: "raw, public", span },
          {
            kind: "create_table",
            table: { name: { name: "bars" }, columns: [column("x")], constraints: [] },
            ifNotExists: false,
            span,
          },
        ]),
        script("2.sql", [
          {
            kind: "create_table",
            table: { name: { name: "other" }, columns: [], constraints: [] },
            ifNotExists: false,
            span,
          },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    expect(findTable(replays[1]!.after, raw("bars"))).toBeDefined();
    expect(findTable(replays[1]!.after, { schema: "public", name: "other" })).toBeDefined();
  });

  it("keeps a placeholder for a table no migration created, and marks it assumed", () => {
    const [replay] = replayScripts(
      [
        script("1.sql", [
          {
            kind: "add_column",
            table: raw("loaded_by_fivetran"),
            column: column("x"),
            ifNotExists: false,
            span,
          },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    const table = findTable(replay!.after, raw("loaded_by_fivetran"))!;
    expect(table.assumed).toBe(true);
    expect(table.columnsUnknown).toBe(true);
    expect(table.columns.map((c) => c.name)).toEqual(["x"]);
    expect(replay!.notes.map((n) => n.kind)).toEqual(["unknown-relation"]);
  });

  it("marks what an opaque statement names as possibly stale", () => {
    const [replay] = replayScripts(
      [
        script("1.sql", [
          {
            kind: "opaque",
            statement: "ALTER TABLE",
            reason: "not understood",
            mayAffect: [raw("trades")],
            span,
          },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    const { after } = replay!;
    expect(isStale(after, raw("trades"))).toBe(true);
    expect(isStale(after, raw("quotes"))).toBe(false);
    expect(after.stale.get(relationKeyIn(after, raw("trades")))).toMatchObject({
      object: "raw.trades",
      file: "1.sql",
      reason: "not understood",
    });
  });
});

describe("partitions", () => {
  const partitioned = [
    createTrades,
    { kind: "add_partition", table: raw("trades"), partition: "p1", span },
    { kind: "add_partition", table: raw("trades"), partition: "p2", span },
  ] satisfies Change[];

  it("a detached partition leaves its parent's partitions", () => {
    const [replay] = replayScripts(
      [
        script("1.sql", [
          ...partitioned,
          { kind: "detach_partition", table: raw("trades"), partition: "p1", concurrently: true, span },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    expect(findTable(replay!.after, raw("trades"))!.partitions).toEqual(["p2"]);
  });

  it("a truncated partition stays", () => {
    const [replay] = replayScripts(
      [
        script("1.sql", [
          ...partitioned,
          { kind: "truncate_partition", table: raw("trades"), partition: "p1", span },
        ]),
      ],
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
    );
    expect(findTable(replay!.after, raw("trades"))!.partitions).toEqual(["p1", "p2"]);
  });
});

describe("applyChange", () => {
  const base = applyChange(emptyCatalog("public", POSTGRES_IDENTIFIERS), createTrades, { file: "f" }).catalog;
  const apply = (change: Change) => applyChange(base, change, { file: "f" });

  it.each<[string, Change, (c: typeof base) => unknown, unknown]>([
    [
      "alter type",
      {
        kind: "alter_column_type",
        table: raw("trades"),
        column: "price",
        type: type("double precision", "float"),
        span,
      },
      (c) => findColumn(POSTGRES, findTable(c, raw("trades"))!, "price")!.type.name,
      "double precision",
    ],
    [
      "set not null",
      { kind: "set_nullability", table: raw("trades"), column: "symbol", nullable: false, span },
      (c) => findColumn(POSTGRES, findTable(c, raw("trades"))!, "symbol")!.nullable,
      false,
    ],
    [
      "set default",
      { kind: "set_default", table: raw("trades"), column: "symbol", default: "'x'", span },
      (c) => findColumn(POSTGRES, findTable(c, raw("trades"))!, "symbol")!.default,
      "'x'",
    ],
    [
      "drop default",
      { kind: "set_default", table: raw("trades"), column: "symbol", span },
      (c) => "default" in findColumn(POSTGRES, findTable(c, raw("trades"))!, "symbol")!,
      false,
    ],
    [
      "rename table",
      { kind: "rename_table", table: raw("trades"), to: { name: "prints" }, span },
      (c) => [findTable(c, raw("trades")), findTable(c, raw("prints"))?.name],
      [undefined, raw("prints")],
    ],
    [
      "move schema",
      { kind: "rename_table", table: raw("trades"), to: { schema: "archive", name: "trades" }, span },
      (c) => findTable(c, { schema: "archive", name: "trades" })?.name,
      { schema: "archive", name: "trades" },
    ],
    [
      "drop table",
      { kind: "drop_table", table: raw("trades"), ifExists: false, cascade: false, span },
      (c) => findTable(c, raw("trades")),
      undefined,
    ],
    [
      "drop schema",
      { kind: "drop_schema", schema: "raw", ifExists: false, cascade: true, span },
      (c) => c.schemas.has("raw"),
      false,
    ],
    [
      "restated MODIFY",
      {
        kind: "alter_column_type",
        table: raw("trades"),
        column: "id",
        type: type("bigint"),
        restated: column("id", { type: type("bigint"), nullable: true }),
        span,
      },
      (c) => findColumn(POSTGRES, findTable(c, raw("trades"))!, "id"),
      column("id", { type: type("bigint"), nullable: true }),
    ],
  ])("%s", (_label, change, read, expected) => {
    expect(read(apply(change).catalog)).toEqual(expected);
  });

  it("notes a dropped column that does not exist", () => {
    const result = apply({
      kind: "drop_column",
      table: raw("trades"),
      column: "nope",
      ifExists: false,
      cascade: false,
      span,
    });
    expect(result.notes.map((n) => [n.kind, n.object])).toEqual([["unknown-column", "raw.trades.nope"]]);
  });

  it("drops indexes on a dropped column", () => {
    const indexed = applyChange(
      base,
      {
        kind: "create_index",
        index: { table: raw("trades"), columns: ["symbol"], unique: false },
        ifNotExists: false,
        span,
      },
      { file: "f" },
    ).catalog;
    expect(findTable(indexed, raw("trades"))!.indexes.map((i) => i.name)).toEqual(["trades_symbol_idx"]);
    const dropped = applyChange(
      indexed,
      { kind: "drop_column", table: raw("trades"), column: "symbol", ifExists: false, cascade: false, span },
      { file: "f" },
    );
    expect(findTable(dropped.catalog, raw("trades"))!.indexes).toEqual([]);
  });
});

describe("renames that only some databases have", () => {
  const base = applyChange(emptyCatalog("public", POSTGRES_IDENTIFIERS), createTrades, { file: "f" }).catalog;
  const withQuotes = applyChange(
    base,
    {
      kind: "create_table",
      table: { name: raw("quotes"), columns: [column("bid")], constraints: [] },
      ifNotExists: false,
      span,
    },
    { file: "f" },
  ).catalog;

  it("swaps two tables' names (StarRocks SWAP WITH)", () => {
    const swapped = applyChange(
      withQuotes,
      { kind: "swap_tables", table: raw("trades"), with: raw("quotes"), span },
      { file: "f" },
    );
    expect(findTable(swapped.catalog, raw("trades"))!.columns.map((c) => c.name)).toEqual(["bid"]);
    expect(findTable(swapped.catalog, raw("quotes"))!.columns.map((c) => c.name)).toEqual([
      "id",
      "price",
      "symbol",
    ]);
    expect(swapped.notes).toEqual([]);
  });

  it("renames a constraint", () => {
    const renamed = applyChange(
      applyChange(
        base,
        {
          kind: "add_constraint",
          table: raw("trades"),
          constraint: { kind: "unique", name: "u1", columns: ["symbol"] },
          span,
        },
        { file: "f" },
      ).catalog,
      { kind: "rename_constraint", table: raw("trades"), from: "u1", to: "trades_symbol_key", span },
      { file: "f" },
    );
    expect(findTable(renamed.catalog, raw("trades"))!.constraints.map((c) => c.name)).toEqual([
      undefined,
      "trades_symbol_key",
    ]);
  });

  it("renames a partition", () => {
    const withPartition = applyChange(
      base,
      { kind: "add_partition", table: raw("trades"), partition: "p1", span },
      { file: "f" },
    ).catalog;
    const renamed = applyChange(
      withPartition,
      { kind: "rename_partition", table: raw("trades"), from: "p1", to: "p2026", span },
      { file: "f" },
    );
    expect(findTable(renamed.catalog, raw("trades"))!.partitions).toEqual(["p2026"]);
  });
});

describe("tables that copy columns (INHERITS, PARTITION OF, LIKE)", () => {
  const base = applyChange(emptyCatalog("public", POSTGRES_IDENTIFIERS), createTrades, { file: "f" }).catalog;
  it("takes the known parent's columns before its own", () => {
    const result = applyChange(
      base,
      {
        kind: "create_table",
        table: {
          name: raw("trades_2026"),
          columns: [column("extra")],
          constraints: [],
          copiesColumnsFrom: [raw("trades")],
        },
        ifNotExists: false,
        span,
      },
      { file: "f" },
    );
    const table = findTable(result.catalog, raw("trades_2026"))!;
    expect(table.columns.map((c) => c.name)).toEqual(["id", "price", "symbol", "extra"]);
    expect(table.columnsUnknown).toBeUndefined();
  });
  it("marks the columns unknown when the parent is unknown", () => {
    const result = applyChange(
      base,
      {
        kind: "create_table",
        table: { name: raw("x"), columns: [], constraints: [], copiesColumnsFrom: [raw("nope")] },
        ifNotExists: false,
        span,
      },
      { file: "f" },
    );
    expect(findTable(result.catalog, raw("x"))!.columnsUnknown).toBe(true);
  });
});

describe("constraints the database named", () => {
  it.each([
    ["t_pkey", { kind: "primary_key", columns: ["id"] }],
    ["t_code_key", { kind: "unique", columns: ["code"] }],
    [
      "t_owner_id_fkey",
      { kind: "foreign_key", columns: ["owner_id"], references: { table: { name: "o" }, columns: [] } },
    ],
    ["t_price_check", { kind: "check", expression: "price > 0" }],
  ] as const)("DROP CONSTRAINT %s finds the unnamed constraint it names", (name, constraint) => {
    const created = applyChange(
      emptyCatalog("public", POSTGRES_IDENTIFIERS),
      {
        kind: "create_table",
        table: { name: { name: "t" }, columns: [column("id")], constraints: [constraint as never] },
        ifNotExists: false,
        span,
      },
      { file: "f" },
    ).catalog;
    const dropped = applyChange(
      created,
      { kind: "drop_constraint", table: { name: "t" }, name, ifExists: false, span },
      { file: "f" },
    );
    expect(findTable(dropped.catalog, { name: "t" })!.constraints).toEqual([]);
  });
});
