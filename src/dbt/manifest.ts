/**
 * Reading dbt's manifest.json, every schema version from v4 (dbt 1.0) to v12 (dbt 1.8 and later), into one
 * DbtProject.
 *
 * Read leniently: a field of another type, or missing, reads as absent, and unknown fields are ignored,
 * because each dbt release adds and renames fields (compiled_sql/raw_sql became compiled_code/raw_code in
 * v7, tests gained attached_node in v9, unit tests arrived in v12).
 *
 * Versions: below v4 (dbt 0.x) is refused: those files use other shapes (disabled as a list, no metrics) and
 * come from dbt releases long out of support. Above v12 is accepted when it still has the shape read here,
 * since dbt bumps the schema version for additive changes and a user upgrading dbt should not be blocked;
 * when it does not, the error names the version and says to regenerate with a supported dbt.
 */
import { SchematicError } from "../errors.js";
import { lookupTable } from "../lookup-table.js";
import { CATALOG_KIND, mergeCatalog, parseCatalog } from "./catalog-json.js";
import {
  type ArtifactKind,
  asArray,
  asNonEmptyString,
  asObject,
  asString,
  asStringArray,
  type JsonObject,
  objectEntries,
  parseJsonArtifact,
  readJsonArtifact,
} from "./json.js";
import type { DbtColumn, DbtNode, DbtProject, DbtTestMetadata } from "./model.js";
import { parseRefExpression, resolveRefExpression } from "./ref-expression.js";
import { type RelationFields, resolveRelation } from "./relations.js";

export const MANIFEST_KIND: ArtifactKind = {
  label: "dbt manifest",
  invalidCode: "manifest-invalid",
  regenerate: "dbt compile",
};

export const OLDEST_MANIFEST_VERSION = 4;
export const NEWEST_MANIFEST_VERSION = 12;

/** The dbt release that first wrote each manifest schema version, for messages. */
const DBT_RELEASE_BY_VERSION: Readonly<Record<number, string>> = lookupTable({
  1: "0.19",
  2: "0.20",
  3: "0.21",
  4: "1.0",
  5: "1.1",
  6: "1.2",
  7: "1.3",
  8: "1.4",
  9: "1.5",
  10: "1.6",
  11: "1.7",
  12: "1.8",
});

/** Top-level maps of the manifest whose entries become nodes (macros, docs and groups do not). */
const NODE_COLLECTIONS = [
  "nodes",
  "sources",
  "exposures",
  "metrics",
  "semantic_models",
  "saved_queries",
  "unit_tests",
  "functions",
] as const;

/** Resource types with a table or view in the warehouse (unless ephemeral). */
const RELATION_TYPES: ReadonlySet<string> = new Set(["model", "seed", "snapshot", "source"]);

export interface ReadManifestOptions {
  /** catalog.json to merge warehouse columns and types from. */
  readonly catalogPath?: string;
  /** The manifest's text, already read (see prefetchArtifact), instead of reading `path`. */
  readonly text?: string;
}

export function readManifest(path: string, options: ReadManifestOptions = {}): DbtProject {
  const json =
    options.text === undefined
      ? readJsonArtifact(path, MANIFEST_KIND)
      : parseJsonArtifact(options.text, path, MANIFEST_KIND);
  const catalog =
    options.catalogPath === undefined ? undefined : readJsonArtifact(options.catalogPath, CATALOG_KIND);
  return parseManifest(json, path, catalog, options.catalogPath);
}

/**
 * The project with catalog.json's warehouse columns merged in: what readManifest with a catalogPath
 * gives, for a caller that decides to read the catalog only after reading the manifest.
 */
export function withCatalog(project: DbtProject, catalogPath: string): DbtProject {
  const catalog = parseCatalog(readJsonArtifact(catalogPath, CATALOG_KIND), catalogPath);
  return { ...project, catalogPath, nodes: mergeCatalog(project.nodes, catalog) };
}

/** The manifest already parsed from JSON; `path` is used in messages. */
export function parseManifest(
  json: unknown,
  path: string,
  catalog?: unknown,
  catalogPath?: string,
): DbtProject {
  const root = asObject(json);
  const metadata = asObject(root?.metadata);
  if (!root || !metadata) throw notAManifest(path, "it has no `metadata` object");
  const schemaVersion = manifestVersion(metadata, path);
  checkShape(root, schemaVersion, path);

  const adapter = (asNonEmptyString(metadata.adapter_type) ?? "unknown").toLowerCase();
  const { nodes: readNodes, disabled } = readAllNodes(root, schemaVersion, adapter, path);
  const withTests = withAttachedNodes(readNodes);
  const nodes =
    catalog === undefined
      ? withTests
      : mergeCatalog(withTests, parseCatalog(catalog, catalogPath ?? "catalog.json"));
  const { childMap, parentMap } = graphMaps(nodes, disabled);

  const dbtVersion = asNonEmptyString(metadata.dbt_version);
  const projectName = asNonEmptyString(metadata.project_name);
  return {
    manifestPath: path,
    ...(catalog === undefined || catalogPath === undefined ? {} : { catalogPath }),
    schemaVersion,
    ...(dbtVersion === undefined ? {} : { dbtVersion }),
    adapter,
    ...(projectName === undefined ? {} : { projectName }),
    nodes,
    childMap,
    parentMap,
  };
}

function notAManifest(path: string, why: string): SchematicError {
  return new SchematicError("manifest-invalid", `This is not a dbt manifest: ${why}.`, {
    location: { file: path },
    hint: "Point Schematic at the manifest.json that `dbt compile` (or `dbt build`) writes to the target directory.",
  });
}

/** The number in `https://schemas.getdbt.com/dbt/manifest/v12.json`, refusing other artifacts and old versions. */
function manifestVersion(metadata: JsonObject, path: string): number {
  const url = asString(metadata.dbt_schema_version);
  if (url === undefined) throw notAManifest(path, "`metadata.dbt_schema_version` is missing");
  const match = /\/dbt\/([a-z_-]+)\/v(\d+)(?:\.json)?$/i.exec(url);
  if (!match) throw notAManifest(path, `its dbt_schema_version is ${JSON.stringify(url)}`);
  if (match[1]!.toLowerCase() !== "manifest") {
    throw notAManifest(path, `it is a dbt ${match[1]} artifact (${url})`);
  }
  const version = Number(match[2]);
  if (version < OLDEST_MANIFEST_VERSION) {
    const dbtVersion = asNonEmptyString(metadata.dbt_version) ?? DBT_RELEASE_BY_VERSION[version] ?? "0.x";
    throw new SchematicError(
      "manifest-invalid",
      `This dbt manifest is schema v${version} (dbt ${dbtVersion}); Schematic reads v${OLDEST_MANIFEST_VERSION} (dbt 1.0) to v${NEWEST_MANIFEST_VERSION}.`,
      {
        location: { file: path },
        hint: "Regenerate it with dbt 1.0 or later: `dbt compile` writes target/manifest.json.",
      },
    );
  }
  return version;
}

/** A manifest must have a `nodes` map of objects; a newer version that lost it is named as such. */
function checkShape(root: JsonObject, version: number, path: string): void {
  const problem = shapeProblem(root);
  if (problem !== undefined) throw shapeError(problem, version, path);
}

function shapeError(problem: string, version: number, path: string): SchematicError {
  if (version > NEWEST_MANIFEST_VERSION) {
    return new SchematicError(
      "manifest-invalid",
      `This dbt manifest is schema v${version}, newer than Schematic knows (v${OLDEST_MANIFEST_VERSION} to v${NEWEST_MANIFEST_VERSION}), and ${problem}.`,
      {
        location: { file: path },
        hint: `Regenerate it with a dbt release that writes schema v${NEWEST_MANIFEST_VERSION} (dbt 1.8 to 1.11), or upgrade Schematic.`,
      },
    );
  }
  return notAManifest(path, problem);
}

/** The top-level shape; readAllNodes checks each entry as it reads it. */
function shapeProblem(root: JsonObject): string | undefined {
  if (!asObject(root.nodes)) return "it has no `nodes` object";
  for (const collection of NODE_COLLECTIONS) {
    const value = root[collection];
    if (value === undefined || value === null) continue;
    if (!asObject(value)) return `its \`${collection}\` is not an object`;
  }
  return undefined;
}

/** The enabled nodes, and the ids of disabled ones (the `disabled` map, and nodes with `enabled: false`). */
function readAllNodes(
  root: JsonObject,
  version: number,
  adapter: string,
  path: string,
): { nodes: Map<string, DbtNode>; disabled: ReadonlySet<string> } {
  const nodes = new Map<string, DbtNode>();
  const disabled = new Set(Object.keys(asObject(root.disabled) ?? {}));
  for (const collection of NODE_COLLECTIONS) {
    const entries = asObject(root[collection]);
    if (!entries) continue;
    for (const key of Object.keys(entries)) {
      const raw = asObject(entries[key]);
      if (!raw) throw shapeError(`\`${collection}.${key}\` is not an object`, version, path);
      const node = readNode(key, raw, version, adapter);
      if (!node) {
        disabled.add(asNonEmptyString(raw.unique_id) ?? key);
        continue;
      }
      if (nodes.has(node.uniqueId)) {
        throw notAManifest(path, `${node.uniqueId} appears twice`);
      }
      nodes.set(node.uniqueId, node);
    }
  }
  return { nodes, disabled };
}

/** One node, source, exposure, metric, ...; undefined when disabled. */
function readNode(key: string, raw: JsonObject, version: number, adapter: string): DbtNode | undefined {
  const config = asObject(raw.config) ?? {};
  // Disabled nodes normally sit in the manifest's `disabled` map, which is not read at all; a test of a
  // disabled model stays in `nodes` with enabled: false (and child_map may still list it).
  if (config.enabled === false) return undefined;
  const uniqueId = asNonEmptyString(raw.unique_id) ?? key;
  const resourceType = asNonEmptyString(raw.resource_type) ?? uniqueId.split(".")[0]!;
  const materialized = asNonEmptyString(config.materialized);
  const contractEnforced =
    asObject(config.contract)?.enforced === true || asObject(raw.contract)?.enforced === true;
  const relation =
    RELATION_TYPES.has(resourceType) && materialized !== "ephemeral"
      ? resolveRelation(relationFields(raw, config, resourceType), adapter)
      : undefined;
  // v7 renamed compiled_sql/raw_sql to compiled_code/raw_code; read the version's name first, then the other.
  const [compiledField, rawField] =
    version >= 7 ? ["compiled_code", "raw_code"] : ["compiled_sql", "raw_sql"];
  const compiledCode =
    asNonEmptyString(raw[compiledField]) ?? asNonEmptyString(raw.compiled_code ?? raw.compiled_sql);
  const rawCode = asNonEmptyString(raw[rawField]) ?? asNonEmptyString(raw.raw_code ?? raw.raw_sql);
  const dependsOn = [...new Set(asStringArray(asObject(raw.depends_on)?.nodes))];
  const test = resourceType === "test" ? readTestMetadata(raw, dependsOn) : undefined;
  // A generic test is known by its metadata (not_null on column x); its SQL is dbt's macro. Not keeping
  // it (nor any raw Jinja of tests) halves what a 60k-test project holds in memory.
  const keepCode = test === undefined;

  return withoutUndefined({
    uniqueId,
    resourceType,
    name: asNonEmptyString(raw.name) ?? uniqueId.split(".").pop()!,
    packageName: asString(raw.package_name) ?? "",
    originalFilePath: asNonEmptyString(raw.original_file_path),
    relation,
    materialized,
    compiledCode: keepCode ? compiledCode : undefined,
    rawCode: resourceType === "test" ? undefined : rawCode,
    columns: readColumns(raw, contractEnforced),
    columnsComplete: false,
    contractEnforced,
    dependsOn,
    test,
    exposureType: resourceType === "exposure" ? asNonEmptyString(raw.type) : undefined,
    owner: resourceType === "exposure" ? exposureOwner(raw.owner) : undefined,
  }) as DbtNode;
}

/** An exposure's `owner: {name, email}` as `name <email>`, or whichever part is there. */
function exposureOwner(value: unknown): string | undefined {
  const owner = asObject(value);
  const name = asNonEmptyString(owner?.name);
  const email = asNonEmptyString(owner?.email);
  if (name && email) return `${name} <${email}>`;
  return name ?? email;
}

function relationFields(raw: JsonObject, config: JsonObject, resourceType: string): RelationFields {
  const isSource = resourceType === "source";
  const quoting = asObject(isSource ? raw.quoting : config.quoting);
  const quoted = (part: string): boolean | undefined =>
    typeof quoting?.[part] === "boolean" ? (quoting[part] as boolean) : undefined;
  return withoutUndefined({
    relationName: asNonEmptyString(raw.relation_name),
    database: asNonEmptyString(raw.database),
    schema: asNonEmptyString(raw.schema),
    identifier: asNonEmptyString(isSource ? raw.identifier : raw.alias) ?? asNonEmptyString(raw.name),
    quoting: withoutUndefined({
      database: quoted("database"),
      schema: quoted("schema"),
      identifier: quoted("identifier"),
    }),
  });
}

/**
 * YAML-documented columns, keyed by lower-case name. A `not_null` constraint (on the column, or a
 * model-level one listing it) counts only under an enforced contract: without one dbt does not apply it.
 */
function readColumns(raw: JsonObject, contractEnforced: boolean): ReadonlyMap<string, DbtColumn> {
  const modelNotNull = new Set<string>();
  for (const constraint of asArray(raw.constraints)) {
    const object = asObject(constraint);
    if (object?.type !== "not_null") continue;
    for (const column of asStringArray(object.columns)) modelNotNull.add(column.toLowerCase());
  }
  const columns = new Map<string, DbtColumn>();
  for (const [key, entry] of objectEntries(raw.columns)) {
    const column = asObject(entry);
    if (!column) continue;
    const name = asNonEmptyString(column.name) ?? key;
    const hasNotNull =
      asArray(column.constraints).some((constraint) => asObject(constraint)?.type === "not_null") ||
      modelNotNull.has(name.toLowerCase());
    const dataType = asNonEmptyString(column.data_type);
    columns.set(
      name.toLowerCase(),
      withoutUndefined({
        name,
        dataType,
        dataTypeSource: dataType === undefined ? undefined : "yaml",
        notNullConstraint: contractEnforced && hasNotNull,
        description: asNonEmptyString(column.description),
      }) as DbtColumn,
    );
  }
  return columns;
}

/** A generic test's metadata; singular tests (a SQL file) have none. */
function readTestMetadata(raw: JsonObject, dependsOn: readonly string[]): DbtTestMetadata | undefined {
  const metadata = asObject(raw.test_metadata);
  const name = asNonEmptyString(metadata?.name);
  if (!metadata || name === undefined) return undefined;
  const kwargs = asObject(metadata.kwargs) ?? {};
  return withoutUndefined({
    name,
    namespace: asNonEmptyString(metadata.namespace),
    columnName: asNonEmptyString(raw.column_name) ?? asNonEmptyString(kwargs.column_name),
    // Before v9 a test does not name it; with one dependency that is the node it tests.
    attachedNode: asNonEmptyString(raw.attached_node) ?? (dependsOn.length === 1 ? dependsOn[0] : undefined),
    kwargs,
  }) as DbtTestMetadata;
}

/**
 * Before v9 a generic test does not say which node it is attached to; it is the node its `model`
 * argument refers to (`{{ get_where_subquery(ref('orders')) }}`), or its only dependency.
 */
function withAttachedNodes(nodes: Map<string, DbtNode>): Map<string, DbtNode> {
  for (const [uniqueId, node] of nodes) {
    if (!node.test || node.test.attachedNode !== undefined) continue;
    const attachedNode = inferAttachedNode(node, nodes);
    if (attachedNode !== undefined) nodes.set(uniqueId, { ...node, test: { ...node.test, attachedNode } });
  }
  return nodes;
}

function inferAttachedNode(test: DbtNode, nodes: ReadonlyMap<string, DbtNode>): string | undefined {
  // (A test with one dependency was given it as its attached node when read.)
  const candidates = test.dependsOn.map((id) => nodes.get(id)).filter((node) => node !== undefined);
  const model = test.test?.kwargs.model;
  const expression = typeof model === "string" ? parseRefExpression(model) : undefined;
  const target = expression ? resolveRefExpression(expression, candidates) : undefined;
  return target?.uniqueId;
}

/**
 * child_map and parent_map, built from depends_on (less the disabled nodes). They are what dbt writes as
 * child_map and parent_map (a test compares the two on real manifests), without the repeated edges
 * dbt 1.2 wrote once per ref(); building them is also cheaper than reading 70,000-entry JSON maps.
 */
function graphMaps(
  nodes: ReadonlyMap<string, DbtNode>,
  disabled: ReadonlySet<string>,
): { childMap: ReadonlyMap<string, readonly string[]>; parentMap: ReadonlyMap<string, readonly string[]> } {
  const parentMap = new Map<string, readonly string[]>();
  const childMap = new Map<string, string[]>();
  for (const node of nodes.values()) {
    const parents =
      disabled.size === 0 ? node.dependsOn : node.dependsOn.filter((parent) => !disabled.has(parent));
    parentMap.set(node.uniqueId, parents);
    if (!childMap.has(node.uniqueId)) childMap.set(node.uniqueId, []);
    for (const parent of parents) {
      const children = childMap.get(parent);
      if (children) children.push(node.uniqueId);
      else childMap.set(parent, [node.uniqueId]);
    }
  }
  for (const children of childMap.values()) children.sort();
  return { childMap, parentMap };
}

/**
 * The object without its undefined values, so optional fields are absent rather than present-but-undefined.
 * A copy, not `delete`: deleting turns each of 70,000 nodes into a slow dictionary-mode object.
 */
function withoutUndefined<T extends object>(object: T): T {
  const copy: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy as T;
}
