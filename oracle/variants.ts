/**
 * Variants of the hubspot project, each reproducing a class of real-world input that the plain project does
 * not contain, written as a manifest and catalog of their own so that both PostgreSQL and Schematic read them:
 *
 * - select-star-staging: the staging *_tmp models read their source with `select *` (as most projects write
 *   staging), so source columns that nothing below names only pass through, and PostgreSQL's views over `*`
 *   hold a dependency on every column.
 * - undeclared-relations: what fivetran_utils.union_data and `adapter.get_relation` compile to when a project
 *   sets `*_union_schemas` or `*_identifier` variables: the compiled SQL reads relations that `depends_on`
 *   names differently (another source) or not at all (a table no dbt node declares).
 * - mixed-case-relations: a source whose table is quoted in mixed case ("Deal_Data") beside a lower-case
 *   twin (deal_data) that nothing reads: two tables in PostgreSQL.
 *
 * The rewrites are the SQL dbt would have compiled; the cases are chosen from the project like cases.ts does.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CaseCategory, OracleCase } from "./cases.js";
import {
  type OracleProject,
  oracleProjectOf,
  type RawCatalog,
  type RawCatalogEntry,
  type RawManifest,
  type RawNode,
  type SourceColumn,
  type SourceTable,
} from "./corpus.js";
import { qualifiedName, quoteIdent } from "./postgres-oracle.js";
import { sqlWords } from "./sql-words.js";

export interface OracleVariant {
  readonly name: string;
  readonly description: string;
  readonly project: OracleProject;
  readonly cases: readonly OracleCase[];
}

/** A source and the one staging model that reads it (hubspot's `stg_hubspot__<x>_tmp`). */
export interface StagingPair {
  readonly source: RawNode;
  readonly tmp: RawNode;
  /** The source's relation as the compiled SQL writes it: `"postgres"."public"."deal_data"`. */
  readonly relationName: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type MutableManifest = Mutable<RawManifest>;
type MutableCatalog = Mutable<RawCatalog>;

/** A new table the variant adds to the warehouse (the migrations' baseline), with no dbt node of its own. */
interface ExtraTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly SourceColumn[];
}

/** `deal_data` -> `Deal_Data`: the name a loader that quotes identifiers might have created. */
export function mixedCaseName(name: string): string {
  return name.replace(
    /(^|_)([a-z])/g,
    (_match, separator: string, letter: string) => separator + letter.toUpperCase(),
  );
}

/** Replaces every occurrence of a relation name in compiled SQL (the names are quoted, so a plain split is exact). */
export function replaceRelation(sql: string, from: string, to: string): string {
  return sql.split(from).join(to);
}

/** The relation_name with its schema (and, when given, its identifier) replaced. */
export function withSchema(relationName: string, schema: string, identifier?: string): string {
  const parts = [...relationName.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!);
  parts[parts.length - 2] = schema;
  if (identifier !== undefined) parts[parts.length - 1] = identifier;
  return parts.map((part) => `"${part}"`).join(".");
}

/**
 * What `union_data` compiles to over two schemas: the model's own SELECT on the declared relation, then the
 * same SELECT on `other`, each tagged with its `_dbt_source_relation`.
 */
export function unionWith(sql: string, relationName: string, other: string): string {
  const schemaOf = (name: string) => name.split(".").slice(0, -1).join(".").replaceAll('"', "");
  const second = replaceRelation(sql, relationName, other).replaceAll(
    `'${schemaOf(relationName)}'`,
    `'${schemaOf(other)}'`,
  );
  return `${sql.trimEnd()}\n\nunion all\n\n${second.trimStart()}`;
}

/** What a staging model that reads its source with `select *` compiles to (keeping hubspot's source tag). */
export function selectStarFrom(relationName: string): string {
  const schema = relationName.split(".").slice(0, -1).join(".").replaceAll('"', "");
  return `select *, '${schema}' as _dbt_source_relation\nfrom ${relationName} as source_table\n`;
}

function stagingPairs(manifest: RawManifest): StagingPair[] {
  const pairs: StagingPair[] = [];
  for (const source of Object.values(manifest.sources)) {
    const children = manifest.child_map[source.unique_id] ?? [];
    const tmp = children.length === 1 ? manifest.nodes[children[0]!] : undefined;
    const relationName = source.relation_name;
    if (!tmp?.name.endsWith("_tmp") || !relationName || !tmp.compiled_code?.includes(relationName)) continue;
    pairs.push({ source, tmp, relationName });
  }
  return pairs.sort((a, b) => a.source.unique_id.localeCompare(b.source.unique_id));
}

function descendants(manifest: RawManifest, root: string): string[] {
  const seen = new Set<string>();
  const queue = [root];
  for (let next = 0; next < queue.length; next++) {
    for (const child of manifest.child_map[queue[next]!] ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return [...seen].sort();
}

/** Words the compiled SQL of the nodes names as identifiers (lower case). */
function codeWords(manifest: RawManifest, ids: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const id of ids) {
    const code = manifest.nodes[id]?.compiled_code;
    if (code) for (const word of sqlWords(code).code) words.add(word.toLowerCase());
  }
  return words;
}

/** The staging pairs with a column that nodes below them name, by reach. */
function readPairsByReach(manifest: RawManifest, catalog: RawCatalog): StagingPair[] {
  return byReach(manifest, stagingPairs(manifest)).filter((pair) => readColumn(manifest, catalog, pair));
}

/** Staging pairs ranked by how much of the project sits below them, most first (ties by id). */
function byReach(manifest: RawManifest, pairs: readonly StagingPair[]): StagingPair[] {
  const reach = new Map(pairs.map((pair) => [pair, descendants(manifest, pair.tmp.unique_id).length]));
  return [...pairs].sort(
    (a, b) => reach.get(b)! - reach.get(a)! || a.source.unique_id.localeCompare(b.source.unique_id),
  );
}

function catalogEntryFor(catalog: RawCatalog, schema: string, name: string): RawCatalogEntry | undefined {
  return [...Object.values(catalog.sources), ...Object.values(catalog.nodes)].find(
    (entry) => entry.metadata.schema === schema && entry.metadata.name === name,
  );
}

function columnsOf(catalog: RawCatalog, source: RawNode): SourceColumn[] {
  const entry = catalogEntryFor(catalog, source.schema, source.identifier ?? source.name);
  if (!entry) return [];
  return Object.values(entry.columns)
    .sort((a, b) => a.index - b.index)
    .map((column) => ({ name: column.name, type: column.type }));
}

/**
 * A column the tmp model names and nodes below it name too (so dropping it breaks them), preferring those
 * named by the most descendants; undefined when there is none.
 */
function readColumn(manifest: RawManifest, catalog: RawCatalog, pair: StagingPair): SourceColumn | undefined {
  const below = descendants(manifest, pair.tmp.unique_id);
  const tmpWords = codeWords(manifest, [pair.tmp.unique_id]);
  const counts = (column: SourceColumn) =>
    below.filter((id) => codeWords(manifest, [id]).has(column.name.toLowerCase())).length;
  return columnsOf(catalog, pair.source)
    .filter((column) => tmpWords.has(column.name.toLowerCase()) && !column.name.startsWith("_"))
    .map((column) => ({ column, readers: counts(column) }))
    .filter((entry) => entry.readers > 0)
    .sort((a, b) => b.readers - a.readers || a.column.name.localeCompare(b.column.name))[0]?.column;
}

/** Rewrites the staging model's compiled SQL as dbt renders it for other variable values. */
function rewriteTmp(manifest: MutableManifest, pair: StagingPair, rewrite: (sql: string) => string): void {
  const tmp = manifest.nodes[pair.tmp.unique_id]!;
  tmp.compiled_code = rewrite(tmp.compiled_code!);
}

/** A table with the source's columns, under another schema or name (loaded by the same connector). */
function tableLike(catalog: RawCatalog, pair: StagingPair, schema: string, name: string): ExtraTable {
  return { schema, name, columns: columnsOf(catalog, pair.source) };
}

function dropColumn(schema: string, table: string, column: string): string {
  return `ALTER TABLE ${qualifiedName(schema, table)} DROP COLUMN ${quoteIdent(column)};`;
}

function writeVariant(
  folder: string,
  manifest: MutableManifest,
  catalog: MutableCatalog,
  extraTables: readonly ExtraTable[],
): OracleProject {
  mkdirSync(folder, { recursive: true });
  const manifestPath = path.join(folder, "manifest.json");
  const catalogPath = path.join(folder, "catalog.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  writeFileSync(catalogPath, JSON.stringify(catalog));
  const project = oracleProjectOf(manifest, catalog, { manifestPath, catalogPath });
  const added: SourceTable[] = extraTables.map((table) => ({
    ...table,
    nodeIds: [],
    columnsFrom: "catalog",
  }));
  return {
    ...project,
    tables: [...project.tables, ...added],
    schemas: [...new Set([...project.schemas, ...added.map((table) => table.schema)])].sort(),
  };
}

function variantCase(
  name: string,
  category: CaseCategory,
  why: string,
  migration: string,
  target?: OracleCase["target"],
): OracleCase {
  return { name, category, why, migration, ...(target && { target }) };
}

/** Late columns the select-star variant adds to the warehouse: loaded after dbt last compiled the project. */
const LATE_COLUMN: SourceColumn = { name: "loader_batch_note", type: "text" };

function selectStarStaging(
  manifest: MutableManifest,
  catalog: MutableCatalog,
  folder: string,
): OracleVariant {
  const pairs = stagingPairs(manifest);
  const ranked = byReach(manifest, pairs);
  // Chosen while the staging models still list their columns: once they read `*`, only the nodes below name them.
  const named = new Map(ranked.map((pair) => [pair, readColumn(manifest, catalog, pair)]));
  for (const pair of pairs) rewriteTmp(manifest, pair, () => selectStarFrom(pair.relationName));
  const cases: OracleCase[] = [];
  const lateTables: StagingPair[] = [];
  // Columns that exist in the warehouse but that nothing below the staging model names.
  for (const pair of ranked) {
    const below = codeWords(
      manifest,
      descendants(manifest, pair.tmp.unique_id).filter((id) => id !== pair.tmp.unique_id),
    );
    const table = { schema: pair.source.schema, name: pair.source.identifier ?? pair.source.name };
    for (const column of columnsOf(catalog, pair.source)) {
      if (below.has(column.name.toLowerCase())) continue;
      cases.push(
        variantCase(
          `star: drop ${table.name}.${column.name} (passed through only)`,
          "pass-through",
          "a source column that the staging model passes through `select *` and nothing below names",
          dropColumn(table.schema, table.name, column.name),
          { ...table, column: column.name },
        ),
      );
    }
  }
  // Three tables of different reach get a late column, passed through by `select *` and named by nobody.
  for (const pair of [ranked[0], ranked[Math.floor(ranked.length / 2)], ranked.at(-1)]) {
    if (pair && !lateTables.includes(pair)) lateTables.push(pair);
  }
  const extraColumns = new Map<string, SourceColumn[]>();
  for (const [index, pair] of lateTables.entries()) {
    const table = { schema: pair.source.schema, name: pair.source.identifier ?? pair.source.name };
    extraColumns.set(`${table.schema}.${table.name}`, [LATE_COLUMN]);
    const column = quoteIdent(LATE_COLUMN.name);
    const migrations = [
      dropColumn(table.schema, table.name, LATE_COLUMN.name),
      `ALTER TABLE ${qualifiedName(table.schema, table.name)} RENAME COLUMN ${column} TO ${quoteIdent(`${LATE_COLUMN.name}_renamed`)};`,
      `ALTER TABLE ${qualifiedName(table.schema, table.name)} ALTER COLUMN ${column} TYPE varchar(20);`,
    ];
    const verbs = ["drop", "rename", "narrow"];
    cases.push(
      variantCase(
        `star: ${verbs[index]} late column ${table.name}.${LATE_COLUMN.name}`,
        "pass-through",
        "a column loaded after dbt last compiled: only `select *` in the staging model reaches it",
        migrations[index]!,
        index === 1 ? undefined : { ...table, column: LATE_COLUMN.name },
      ),
    );
  }
  // Columns named below the staging model, reached only through its `*`: they must still block.
  for (const pair of [
    ranked[1],
    ranked[Math.floor(ranked.length / 3)],
    ranked[Math.floor((2 * ranked.length) / 3)],
  ]) {
    const column = pair && named.get(pair);
    if (!pair || !column) continue;
    const table = { schema: pair.source.schema, name: pair.source.identifier ?? pair.source.name };
    cases.push(
      variantCase(
        `star: drop ${table.name}.${column.name} (named below the select *)`,
        "pass-through-named",
        "named by models below the staging model, which reads the source with `select *`",
        dropColumn(table.schema, table.name, column.name),
        { ...table, column: column.name },
      ),
    );
  }
  const project = writeVariant(folder, manifest, catalog, []);
  const tables = project.tables.map((table) => {
    const late = extraColumns.get(`${table.schema}.${table.name}`);
    return late ? { ...table, columns: [...table.columns, ...late] } : table;
  });
  return {
    name: "select-star-staging",
    description: "every staging *_tmp model reads its source with `select *`",
    project: { ...project, tables },
    cases,
  };
}

function undeclaredRelations(
  manifest: MutableManifest,
  catalog: MutableCatalog,
  folder: string,
): OracleVariant {
  const ranked = readPairsByReach(manifest, catalog);
  const [declared, undeclared, renamed] = [ranked[0], ranked[1], ranked[2]];
  if (!declared || !undeclared || !renamed) throw new Error("the project has too few staging models");
  const cases: OracleCase[] = [];
  const extraTables: ExtraTable[] = [];
  const tableOf = (pair: StagingPair) => pair.source.identifier ?? pair.source.name;

  // A union over a second schema whose source is declared, but not in the staging model's depends_on.
  const otherSchema = "hubspot_eu";
  const declaredOther = withSchema(declared.relationName, otherSchema);
  rewriteTmp(manifest, declared, (sql) => unionWith(sql, declared.relationName, declaredOther));
  const sourceId = declared.source.unique_id.replace(/\.([^.]+)\.([^.]+)$/, `.${otherSchema}.$2`);
  manifest.sources[sourceId] = {
    ...structuredClone(manifest.sources[declared.source.unique_id]!),
    unique_id: sourceId,
    schema: otherSchema,
    relation_name: declaredOther,
  };
  manifest.child_map[sourceId] = [];
  manifest.parent_map[sourceId] = [];
  const declaredEntry = catalogEntryFor(catalog, declared.source.schema, tableOf(declared))!;
  catalog.sources[sourceId] = {
    ...structuredClone(declaredEntry),
    metadata: { ...declaredEntry.metadata, schema: otherSchema },
  };
  const declaredColumn = readColumn(manifest, catalog, declared)!;
  cases.push(
    variantCase(
      `undeclared: drop ${otherSchema}.${tableOf(declared)}.${declaredColumn.name} (another source)`,
      "undeclared-relation",
      "union_data reads this table; its source is declared, but the staging model's depends_on names the public one",
      dropColumn(otherSchema, tableOf(declared), declaredColumn.name),
    ),
    variantCase(
      `undeclared: drop public.${tableOf(declared)}.${declaredColumn.name} (the declared side of the union)`,
      "undeclared-relation",
      "control: the relation depends_on names is still read",
      dropColumn(declared.source.schema, tableOf(declared), declaredColumn.name),
    ),
  );

  // A union over a schema that no dbt node declares at all: only the migrations know the table.
  const undeclaredOther = withSchema(undeclared.relationName, otherSchema);
  rewriteTmp(manifest, undeclared, (sql) => unionWith(sql, undeclared.relationName, undeclaredOther));
  extraTables.push(tableLike(catalog, undeclared, otherSchema, tableOf(undeclared)));
  const undeclaredColumn = readColumn(manifest, catalog, undeclared)!;
  cases.push(
    variantCase(
      `undeclared: drop ${otherSchema}.${tableOf(undeclared)}.${undeclaredColumn.name} (no dbt node)`,
      "undeclared-relation",
      "union_data reads this table; no source, seed or model declares it",
      dropColumn(otherSchema, tableOf(undeclared), undeclaredColumn.name),
    ),
    variantCase(
      `undeclared: rename table ${otherSchema}.${tableOf(undeclared)} (no dbt node)`,
      "undeclared-relation",
      "union_data reads this table; no source, seed or model declares it",
      `ALTER TABLE ${qualifiedName(otherSchema, tableOf(undeclared))} RENAME TO ${quoteIdent(`${tableOf(undeclared)}_old`)};`,
    ),
  );

  // `*_identifier` names another table: the compiled SQL reads it, depends_on still names the source.
  const replacement = `${tableOf(renamed)}_v2`;
  const renamedRelation = withSchema(renamed.relationName, renamed.source.schema, replacement);
  rewriteTmp(manifest, renamed, (sql) => replaceRelation(sql, renamed.relationName, renamedRelation));
  extraTables.push(tableLike(catalog, renamed, renamed.source.schema, replacement));
  const renamedColumn = readColumn(manifest, catalog, renamed)!;
  cases.push(
    variantCase(
      `undeclared: drop ${renamed.source.schema}.${replacement}.${renamedColumn.name} (an identifier variable)`,
      "undeclared-relation",
      "the staging model reads this table through `*_identifier`; depends_on names the source's default table",
      dropColumn(renamed.source.schema, replacement, renamedColumn.name),
    ),
    variantCase(
      `undeclared: drop ${renamed.source.schema}.${tableOf(renamed)}.${renamedColumn.name} (declared, no longer read)`,
      "undeclared-relation",
      "control: depends_on names this table, but the compiled SQL reads another",
      dropColumn(renamed.source.schema, tableOf(renamed), renamedColumn.name),
    ),
    variantCase(
      `undeclared: drop table ${renamed.source.schema}.${tableOf(renamed)} (declared, no longer read)`,
      "undeclared-relation",
      "control: depends_on names this table, but the compiled SQL reads another",
      `DROP TABLE ${qualifiedName(renamed.source.schema, tableOf(renamed))};`,
    ),
  );
  return {
    name: "undeclared-relations",
    description: `union_data over ${otherSchema} (declared by another source, and by nothing) and an identifier variable`,
    project: writeVariant(folder, manifest, catalog, extraTables),
    cases,
  };
}

function mixedCaseRelations(
  manifest: MutableManifest,
  catalog: MutableCatalog,
  folder: string,
): OracleVariant {
  const ranked = readPairsByReach(manifest, catalog);
  const picked = [ranked[3], ranked[Math.floor(ranked.length / 2)]].filter(
    (pair): pair is StagingPair => pair !== undefined,
  );
  const cases: OracleCase[] = [];
  const extraTables: ExtraTable[] = [];
  for (const [index, pair] of picked.entries()) {
    const schema = pair.source.schema;
    const lower = pair.source.identifier ?? pair.source.name;
    const upper = mixedCaseName(lower);
    const column = readColumn(manifest, catalog, pair)!;
    const columns = columnsOf(catalog, pair.source);
    const relation = withSchema(pair.relationName, schema, upper);
    // The source now names the quoted mixed-case table; the seed that stood in for the lower-case one goes.
    const source = manifest.sources[pair.source.unique_id]!;
    source.identifier = upper;
    source.relation_name = relation;
    rewriteTmp(manifest, pair, (sql) => replaceRelation(sql, pair.relationName, relation));
    for (const [id, node] of Object.entries(manifest.nodes)) {
      if (node.resource_type !== "seed" || node.schema !== schema || (node.alias ?? node.name) !== lower)
        continue;
      delete manifest.nodes[id];
      delete manifest.child_map[id];
      delete manifest.parent_map[id];
      delete catalog.nodes[id];
    }
    for (const entry of [...Object.values(catalog.sources), ...Object.values(catalog.nodes)]) {
      if (entry.metadata.schema === schema && entry.metadata.name === lower) entry.metadata.name = upper;
    }
    extraTables.push({ schema, name: lower, columns });
    const why = `the source is the quoted table "${upper}"; ${lower} is another table that nothing reads`;
    cases.push(
      variantCase(
        `case: drop ${upper}.${column.name} (the quoted table models read)`,
        "mixed-case",
        why,
        dropColumn(schema, upper, column.name),
      ),
      variantCase(
        `case: drop ${lower}.${column.name} (its lower-case twin)`,
        "mixed-case",
        why,
        dropColumn(schema, lower, column.name),
      ),
      index === 0
        ? variantCase(
            `case: rename table ${lower} (the lower-case twin)`,
            "mixed-case",
            why,
            `ALTER TABLE ${qualifiedName(schema, lower)} RENAME TO ${quoteIdent(`${lower}_old`)};`,
          )
        : variantCase(
            `case: drop table ${upper} (the quoted table models read)`,
            "mixed-case",
            why,
            `DROP TABLE ${qualifiedName(schema, upper)};`,
          ),
    );
  }
  return {
    name: "mixed-case-relations",
    description: "sources on quoted mixed-case tables, each beside an unread lower-case twin",
    project: writeVariant(folder, manifest, catalog, extraTables),
    cases,
  };
}

const VARIANTS = [selectStarStaging, undeclaredRelations, mixedCaseRelations] as const;

/** Every variant of the project in `corpus`, written under `outDir` (one folder each). */
export function buildVariants(corpus: string, outDir: string): OracleVariant[] {
  const manifestText = readFileSync(path.join(corpus, "manifest.json"), "utf8");
  const catalogText = readFileSync(path.join(corpus, "catalog.json"), "utf8");
  return VARIANTS.map((build) => {
    const manifest = JSON.parse(manifestText) as MutableManifest;
    const catalog = JSON.parse(catalogText) as MutableCatalog;
    return build(manifest, catalog, path.join(outDir, build.name));
  });
}
