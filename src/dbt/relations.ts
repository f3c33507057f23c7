/**
 * Which table a dbt node is, and the way back: from a table (or a name written in compiled SQL) to the
 * nodes that are it.
 *
 * dbt renders a relation with its adapter's quote character and quoting policy; the warehouse folds what is
 * not quoted (PostgreSQL to lower case, Snowflake to upper case). So a node's physical name is its
 * `relation_name` read part by part (quoted parts keep their case, bare parts are folded), or, when that is
 * absent (models before v8 were not always given one) or not a name (DuckDB's `read_csv(...)` sources), its
 * database / schema / alias (identifier for sources) under the same quoting rules.
 */

import { lookupTable } from "../lookup-table.js";
import type { DbtNode, DbtProject, DbtRelation } from "./model.js";

/** How one adapter names things. Unknown adapters get DEFAULT_NAMING: exact, case-preserving. */
export interface AdapterNaming {
  /** What the warehouse does to an identifier written without quotes. */
  readonly unquotedFold: "lower" | "upper" | "none";
  /** dbt's default quote policy for database, schema and identifier (postgres quotes all three). */
  readonly quotesByDefault: boolean;
  /**
   * Which parts of a relation name compare case-insensitively in the warehouse. "schema" is BigQuery:
   * dataset names are matched case-insensitively here while table names stay exact.
   */
  readonly caseInsensitive: "all" | "schema" | "none";
  /** There is no database level above schemas: dbt's `schema` is the database (MySQL, StarRocks). */
  readonly schemaIsDatabase: boolean;
}

const DEFAULT_NAMING: AdapterNaming = {
  unquotedFold: "none",
  quotesByDefault: true,
  caseInsensitive: "none",
  schemaIsDatabase: false,
};

const MYSQL_LIKE: AdapterNaming = { ...DEFAULT_NAMING, schemaIsDatabase: true };

const ADAPTER_NAMING: Readonly<Record<string, AdapterNaming>> = lookupTable({
  postgres: { ...DEFAULT_NAMING, unquotedFold: "lower" },
  // Redshift folds even quoted names unless enable_case_sensitive_identifier is on.
  redshift: { ...DEFAULT_NAMING, unquotedFold: "lower", caseInsensitive: "all" },
  snowflake: { ...DEFAULT_NAMING, unquotedFold: "upper", quotesByDefault: false, caseInsensitive: "all" },
  bigquery: { ...DEFAULT_NAMING, caseInsensitive: "schema" },
  duckdb: { ...DEFAULT_NAMING, caseInsensitive: "all" },
  databricks: { ...DEFAULT_NAMING, unquotedFold: "lower", caseInsensitive: "all" },
  spark: { ...DEFAULT_NAMING, unquotedFold: "lower", caseInsensitive: "all" },
  trino: { ...DEFAULT_NAMING, unquotedFold: "lower", caseInsensitive: "all" },
  athena: { ...DEFAULT_NAMING, unquotedFold: "lower", caseInsensitive: "all" },
  sqlserver: { ...DEFAULT_NAMING, caseInsensitive: "all" },
  fabric: { ...DEFAULT_NAMING, caseInsensitive: "all" },
  synapse: { ...DEFAULT_NAMING, caseInsensitive: "all" },
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
    const names = parts.map((part) => (part.quoted ? part.text : foldUnquoted(part.text, naming)));
    const identifier = names[names.length - 1]!;
    const schema = names[names.length - 2]!;
    return names.length === 3 ? { database: names[0]!, schema, identifier } : { schema, identifier };
  }
  if (!fields.schema || !fields.identifier) return undefined;
  const apply = (name: string, part: "database" | "schema" | "identifier"): string =>
    (fields.quoting?.[part] ?? naming.quotesByDefault) ? name : foldUnquoted(name, naming);
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

/**
 * The comparison key of a table: `schema.name`, each part lower-cased where the adapter compares it
 * case-insensitively. The database is left out: Schematic's catalog describes one database, and in
 * MySQL and StarRocks the schema already is the database.
 */
export function relationKey(schema: string, name: string, adapter: string): string {
  const naming = adapterNaming(adapter);
  const schemaKey = naming.caseInsensitive === "none" ? schema : schema.toLowerCase();
  const nameKey = naming.caseInsensitive === "all" ? name.toLowerCase() : name;
  return `${schemaKey}.${nameKey}`;
}

/** The comparison key of a node's relation, or undefined when it has none (ephemeral models, tests, ...). */
export function relationKeyForNode(node: DbtNode, adapter: string): string | undefined {
  return node.relation ? relationKey(node.relation.schema, node.relation.identifier, adapter) : undefined;
}

/** Resource types whose relation is a table or view in the warehouse. */
const RELATION_TYPES: ReadonlySet<string> = new Set(["source", "seed", "model", "snapshot"]);
/** The ones dbt itself creates (a source is created by someone else). */
const BUILT_TYPES: ReadonlySet<string> = new Set(["seed", "model", "snapshot"]);

/** From a table to the dbt nodes that are that table. */
export class RelationIndex {
  private readonly byKey = new Map<string, DbtNode[]>();
  private readonly byLowerKey = new Map<string, DbtNode[]>();
  private readonly adapter: string;

  constructor(project: DbtProject) {
    this.adapter = project.adapter;
    for (const node of project.nodes.values()) {
      if (!RELATION_TYPES.has(node.resourceType)) continue;
      const key = relationKeyForNode(node, this.adapter);
      if (key === undefined) continue;
      pushTo(this.byKey, key, node);
      pushTo(this.byLowerKey, key.toLowerCase(), node);
    }
  }

  /**
   * Sources, seeds, models and snapshots whose relation is `schema.name`: matched as the adapter compares
   * names, and failing that case-insensitively when only one relation matches that way (so `Orders` in a
   * migration still finds a postgres model `orders`, but never guesses between `Orders` and `orders`).
   */
  nodesForTable(schema: string, name: string): DbtNode[] {
    const key = relationKey(schema, name, this.adapter);
    const exact = this.byKey.get(key);
    if (exact) return [...exact];
    const loose = this.byLowerKey.get(key.toLowerCase()) ?? [];
    const relations = new Set(loose.map((node) => relationKeyForNode(node, this.adapter)));
    return relations.size === 1 ? [...loose] : [];
  }

  /** The table is a model, seed or snapshot dbt builds (so a migration touching it fights dbt). */
  isBuiltByDbt(schema: string, name: string): boolean {
    return this.nodesForTable(schema, name).some((node) => BUILT_TYPES.has(node.resourceType));
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/**
 * Lookup from a relation name as compiled SQL may write it to node ids. Keys are lower case, unquoted and
 * dot-joined, with 1 to 3 parts: `name`, `schema.name`, `database.schema.name`. Lower-casing everything is
 * deliberate (simple, and compiled SQL rarely differs from the manifest only by case); a short key can
 * map to several nodes (the same table name in two schemas, or a seed and a source on one table).
 */
export type ReferenceIndex = ReadonlyMap<string, readonly string[]>;

export function referenceIndex(project: DbtProject): ReferenceIndex {
  const index = new Map<string, string[]>();
  for (const node of project.nodes.values()) {
    if (!RELATION_TYPES.has(node.resourceType) || !node.relation) continue;
    const { database, schema, identifier } = node.relation;
    const keys = [identifier, `${schema}.${identifier}`];
    if (database !== undefined) keys.push(`${database}.${schema}.${identifier}`);
    for (const key of keys) pushTo(index, key.toLowerCase(), node.uniqueId);
  }
  return index;
}

/** `"DB"."Schema"."T"`, `` `s`.`t` `` or `s.t` as a reference-index key (`db.schema.t`), or undefined. */
export function normalizeReference(written: string): string | undefined {
  const parts = parseRelationName(written);
  if (!parts || parts.length > 3) return undefined;
  return parts.map((part) => part.text.toLowerCase()).join(".");
}

/** Node ids a written relation name may refer to (none when it is not a name or not a dbt relation). */
export function lookupReference(index: ReferenceIndex, written: string): readonly string[] {
  const key = normalizeReference(written);
  return key === undefined ? [] : (index.get(key) ?? []);
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
