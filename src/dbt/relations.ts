/**
 * Which table a dbt node is, and the way back: from a table (or a name written in compiled SQL) to the
 * nodes that are it.
 *
 * dbt renders a relation with its adapter's quote character and quoting policy; the warehouse folds what is
 * not quoted (PostgreSQL to lower case, Snowflake to upper case). So a node's physical name is its
 * `relation_name` read part by part (quoted parts keep their case, bare parts are folded), or, when that is
 * absent (models before v8 were not always given one) or not a name (DuckDB's `read_csv(...)` sources), its
 * database / schema / alias (identifier for sources) under the same quoting rules. Two stored names are then
 * compared as the migrations' database compares them (its IdentifierCase, src/dialects/identifiers.ts):
 * exactly on PostgreSQL, where `"Orders_Data"` and `orders_data` are two tables.
 */
import { type IdentifierCase, nameKey, relationKey } from "../dialects/identifiers.js";
import { lookupTable } from "../lookup-table.js";
import type { DbtNode, DbtProject, DbtRelation } from "./model.js";

/** How one adapter names things. Unknown adapters get DEFAULT_NAMING: exact, case-preserving. */
export interface AdapterNaming {
  /** What the warehouse does to an identifier written without quotes. */
  readonly unquotedFold: "lower" | "upper" | "none";
  /** dbt's default quote policy for database, schema and identifier (postgres quotes all three). */
  readonly quotesByDefault: boolean;
  /** The warehouse folds quoted names too (Redshift, unless enable_case_sensitive_identifier is on). */
  readonly foldsQuotedNames: boolean;
  /** There is no database level above schemas: dbt's `schema` is the database (MySQL, StarRocks). */
  readonly schemaIsDatabase: boolean;
}

const DEFAULT_NAMING: AdapterNaming = {
  unquotedFold: "none",
  quotesByDefault: true,
  foldsQuotedNames: false,
  schemaIsDatabase: false,
};

const MYSQL_LIKE: AdapterNaming = { ...DEFAULT_NAMING, schemaIsDatabase: true };

const ADAPTER_NAMING: Readonly<Record<string, AdapterNaming>> = lookupTable({
  postgres: { ...DEFAULT_NAMING, unquotedFold: "lower" },
  redshift: { ...DEFAULT_NAMING, unquotedFold: "lower", foldsQuotedNames: true },
  snowflake: { ...DEFAULT_NAMING, unquotedFold: "upper", quotesByDefault: false },
  databricks: { ...DEFAULT_NAMING, unquotedFold: "lower", foldsQuotedNames: true },
  spark: { ...DEFAULT_NAMING, unquotedFold: "lower", foldsQuotedNames: true },
  trino: { ...DEFAULT_NAMING, unquotedFold: "lower", foldsQuotedNames: true },
  athena: { ...DEFAULT_NAMING, unquotedFold: "lower", foldsQuotedNames: true },
  mysql: MYSQL_LIKE,
  mariadb: MYSQL_LIKE,
  tidb: MYSQL_LIKE,
  starrocks: MYSQL_LIKE,
  doris: MYSQL_LIKE,
  clickhouse: MYSQL_LIKE,
});

export function adapterNaming(adapter: string): AdapterNaming {
  return ADAPTER_NAMING[adapter.toLowerCase()] ?? DEFAULT_NAMING;
}

/** One part of a written relation name. */
export interface NamePart {
  readonly text: string;
  readonly quoted: boolean;
}

const CLOSING_QUOTE: Readonly<Record<string, string>> = lookupTable({ '"': '"', "`": "`", "[": "]" });
const BARE_PART = /^[^\s."`[\]()',;]+/u;

/**
 * Split `"db"."schema"."name"`, `` `schema`.`name` ``, `[schema].[name]` or `schema.name` into parts
 * (a doubled quote inside a quoted part is one quote). Anything else (a function call, a subquery) is
 * undefined.
 */
export function parseRelationName(written: string): readonly NamePart[] | undefined {
  const text = written.trim();
  const parts: NamePart[] = [];
  let at = 0;
  for (;;) {
    const open = text[at];
    const close = open === undefined ? undefined : CLOSING_QUOTE[open];
    if (close !== undefined) {
      let value = "";
      at++;
      for (;;) {
        const end = text.indexOf(close, at);
        if (end < 0) return undefined;
        value += text.slice(at, end);
        at = end + 1;
        if (text[at] !== close) break;
        value += close;
        at++;
      }
      if (value === "") return undefined;
      parts.push({ text: value, quoted: true });
    } else {
      const bare = BARE_PART.exec(text.slice(at));
      if (!bare) return undefined;
      parts.push({ text: bare[0], quoted: false });
      at += bare[0].length;
    }
    if (at === text.length) return parts;
    if (text[at] !== ".") return undefined;
    at++;
  }
}

function foldUnquoted(name: string, naming: AdapterNaming): string {
  if (naming.unquotedFold === "lower") return name.toLowerCase();
  if (naming.unquotedFold === "upper") return name.toUpperCase();
  return name;
}

/** A written name part as the adapter's warehouse stores it. */
export function storedPart(part: NamePart, naming: AdapterNaming): string {
  return part.quoted && !naming.foldsQuotedNames ? part.text : foldUnquoted(part.text, naming);
}

/** What a manifest says about where a node lives, before quoting rules are applied. */
export interface RelationFields {
  readonly relationName?: string;
  readonly database?: string;
  readonly schema?: string;
  /** alias for models, seeds and snapshots; identifier for sources. */
  readonly identifier?: string;
  /** The node's quoting config (sources' `quoting`, models' `config.quoting`); unset parts use the adapter's. */
  readonly quoting?: {
    readonly database?: boolean;
    readonly schema?: boolean;
    readonly identifier?: boolean;
  };
}

/** The physical relation, names as the warehouse stores them; undefined when the fields name no table. */
export function resolveRelation(fields: RelationFields, adapter: string): DbtRelation | undefined {
  const naming = adapterNaming(adapter);
  const parts = fields.relationName === undefined ? undefined : parseRelationName(fields.relationName);
  if (parts && (parts.length === 2 || parts.length === 3)) {
    const names = parts.map((part) => storedPart(part, naming));
    const identifier = names[names.length - 1]!;
    const schema = names[names.length - 2]!;
    return names.length === 3 ? { database: names[0]!, schema, identifier } : { schema, identifier };
  }
  if (!fields.schema || !fields.identifier) return undefined;
  const apply = (name: string, part: "database" | "schema" | "identifier"): string =>
    storedPart({ text: name, quoted: fields.quoting?.[part] ?? naming.quotesByDefault }, naming);
  const schema = apply(fields.schema, "schema");
  const identifier = apply(fields.identifier, "identifier");
  // Where the schema is the database, dbt fills `database` with the schema (or nothing); a different value
  // is a catalog (StarRocks external catalogs) and is kept.
  const database =
    fields.database && !(naming.schemaIsDatabase && fields.database === fields.schema)
      ? apply(fields.database, "database")
      : undefined;
  return database === undefined ? { schema, identifier } : { database, schema, identifier };
}

/** Resource types whose relation is a table or view in the warehouse. */
const RELATION_TYPES: ReadonlySet<string> = new Set(["source", "seed", "model", "snapshot"]);
/** The ones dbt itself creates (a source is created by someone else). */
const BUILT_TYPES: ReadonlySet<string> = new Set(["seed", "model", "snapshot"]);

/**
 * From a table to the dbt nodes that are that table, and from a relation name written in compiled SQL to
 * them: schema and name compared under the migrations' database's policy (the database part is left out:
 * Schematic's catalog describes one database, and in MySQL and StarRocks the schema already is the
 * database). Never a looser match: on PostgreSQL `Orders` and `orders` are two tables.
 */
export class RelationIndex {
  private readonly byKey = new Map<string, DbtNode[]>();

  constructor(
    project: DbtProject,
    private readonly identifiers: IdentifierCase,
  ) {
    const nodes = [...project.nodes.values()]
      .filter((node) => RELATION_TYPES.has(node.resourceType) && node.relation !== undefined)
      .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0));
    for (const node of nodes) {
      pushTo(this.byKey, relationKey(identifiers, node.relation!.schema, node.relation!.identifier), node);
    }
  }

  /** Sources, seeds, models and snapshots whose relation is `schema.name` (names as the database stores them). */
  nodesForTable(schema: string, name: string): DbtNode[] {
    return [...(this.byKey.get(relationKey(this.identifiers, schema, name)) ?? [])];
  }

  /**
   * The nodes a relation name written in compiled SQL names: its last two parts (stored form) as schema and
   * name. A one-part name is not looked up: which schema it means depends on the session's search path.
   */
  nodesForWritten(parts: readonly string[]): DbtNode[] {
    if (parts.length < 2) return [];
    return this.nodesForTable(parts[parts.length - 2]!, parts[parts.length - 1]!);
  }

  /** The table is a model, seed or snapshot dbt builds (so a migration touching it fights dbt). */
  isBuiltByDbt(schema: string, name: string): boolean {
    return this.nodesForTable(schema, name).some((node) => BUILT_TYPES.has(node.resourceType));
  }

  /** Every relation the project declares, once each (for suggestions when a table matches none). */
  *relations(): Iterable<{
    readonly schema: string;
    readonly name: string;
    readonly nodes: readonly DbtNode[];
  }> {
    for (const nodes of this.byKey.values()) {
      const relation = nodes[0]!.relation!;
      yield { schema: relation.schema, name: relation.identifier, nodes };
    }
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** The comparison key of a written name's parts under the policy (for matching tails of relation names). */
export function partsKey(identifiers: IdentifierCase, parts: readonly string[]): string {
  return parts.map((part) => nameKey(identifiers.relations, part)).join("\u0000");
}

/** dbt inlines an ephemeral model into compiled SQL as a CTE named with this prefix and the model. */
export const EPHEMERAL_CTE_PREFIX = "__dbt__cte__";

/** The prefixes adapters use (`dbt__CTE__` in some adapters, `o__dbt__cte__` on Oracle, `DBT_CTE__` on DB2). */
const EPHEMERAL_CTE_NAME = /^(?:o?__dbt__cte__|dbt__cte__|dbt_cte__)(.+)$/i;

export function isEphemeral(node: DbtNode): boolean {
  return node.resourceType === "model" && node.materialized === "ephemeral";
}

/** The CTE name dbt gives an ephemeral model (the default prefix). */
export function ephemeralCteName(node: DbtNode): string {
  return `${EPHEMERAL_CTE_PREFIX}${node.name}`;
}

/**
 * Ephemeral model name (lower case) -> model id, for ephemeralModelForCte. dbt names the CTE after the
 * model's identifier, which is its name unless an alias is configured (the manifest's DbtNode keeps no
 * alias, so an aliased ephemeral model is not found: rare, and documented).
 */
export function ephemeralCteIndex(project: DbtProject): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  for (const node of project.nodes.values()) {
    if (isEphemeral(node)) index.set(node.name.toLowerCase(), node.uniqueId);
  }
  return index;
}

/** The ephemeral model a CTE name such as `__dbt__cte__stg_orders` stands for, if any. */
export function ephemeralModelForCte(
  index: ReadonlyMap<string, string>,
  cteName: string,
): string | undefined {
  const name = parseRelationName(cteName);
  if (name?.length !== 1) return undefined;
  const match = EPHEMERAL_CTE_NAME.exec(name[0]!.text);
  return match ? index.get(match[1]!.toLowerCase()) : undefined;
}
