/**
 * Scales a real dbt project synthetically: k copies of the whole graph in one manifest (and catalog).
 * Copy 0 is the original; copy i (i >= 1) gets `_c<i>` after every node's unique_id, name and alias,
 * its sources move to a schema of their own (`<schema>_C<i>`), and every reference is renamed with
 * them: depends_on, refs, sources, test kwargs, parent_map, child_map, and the relation names written
 * in compiled SQL. So the copies are independent projects that happen to share one manifest, and a
 * change to a copy-0 source reaches copy 0 only.
 *
 * With `sharedSources`, sources are not copied: every copy's models read copy 0's sources, so a change
 * to one of them reaches every copy (the worst case for the impact analysis).
 *
 * The files are written entry by entry, so a 300 MB manifest never sits in memory as one string.
 */
import { closeSync, openSync, writeSync } from "node:fs";

export type JsonObject = { [key: string]: unknown };

export interface ScaleOptions {
  readonly copies: number;
  readonly sharedSources: boolean;
}

export interface ScaledCounts {
  readonly models: number;
  readonly tests: number;
  readonly sources: number;
  readonly nodes: number;
}

/** What renaming needs to know about the original project, computed once. */
export interface ProjectIndex {
  readonly sourceIds: ReadonlySet<string>;
  /** Names of nodes a `ref()` can point at. */
  readonly refNames: ReadonlySet<string>;
  /** Lower-case relation name (as compiled SQL writes it) -> unique_id. */
  readonly relationIds: ReadonlyMap<string, string>;
  readonly relationNames: ReadonlyMap<string, string>;
}

const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
const entriesOf = (value: unknown): [string, unknown][] => Object.entries(asObject(value) ?? {});

export function indexProject(manifest: JsonObject): ProjectIndex {
  const sourceIds = new Set(Object.keys(asObject(manifest.sources) ?? {}));
  const refNames = new Set<string>();
  const relationIds = new Map<string, string>();
  const relationNames = new Map<string, string>();
  for (const section of [manifest.nodes, manifest.sources]) {
    for (const [id, entry] of entriesOf(section)) {
      const node = asObject(entry)!;
      if (node.resource_type !== "test" && typeof node.name === "string") refNames.add(node.name);
      if (typeof node.relation_name === "string") {
        relationIds.set(node.relation_name.toLowerCase(), id);
        relationNames.set(id, node.relation_name);
      }
    }
  }
  return { sourceIds, refNames, relationIds, relationNames };
}

/** `_c3` after a lower-case name, `_C3` after an upper-case one (Snowflake's catalog is upper case). */
export function suffixed(name: string, copy: number): string {
  return /[a-z]/.test(name) || !/[A-Z]/.test(name) ? `${name}_c${copy}` : `${name}_C${copy}`;
}

/** Renames one copy's ids, names and relations; copy 0 (and shared sources) keep the original names. */
export class CopyRenamer {
  private readonly relationCache = new Map<string, string | undefined>();

  constructor(
    private readonly index: ProjectIndex,
    readonly copy: number,
    private readonly sharedSources: boolean,
  ) {}

  /** Whether this copy has its own instance of the node (shared sources exist in copy 0 only). */
  owns(id: string): boolean {
    return this.copy === 0 || !(this.sharedSources && this.index.sourceIds.has(id));
  }

  private renames(id: string): boolean {
    return this.copy > 0 && this.owns(id);
  }

  id(id: string): string {
    return this.renames(id) ? `${id}_c${this.copy}` : id;
  }

  name(name: string): string {
    return this.copy > 0 ? suffixed(name, this.copy) : name;
  }

  /** The relation a node of this copy lives in, written as the original relation_name is written. */
  relation(id: string): string | undefined {
    if (this.relationCache.has(id)) return this.relationCache.get(id);
    const original = this.index.relationNames.get(id);
    let renamed = original;
    if (original !== undefined && this.renames(id)) {
      const parts = original.split(".");
      // A copy's sources move to a schema of their own; its models, seeds and tests get a new alias.
      const at = this.index.sourceIds.has(id) ? parts.length - 2 : parts.length - 1;
      parts[at] = suffixed(parts[at]!, this.copy);
      renamed = parts.join(".");
    }
    this.relationCache.set(id, renamed);
    return renamed;
  }

  /** Renames relation names written in SQL (dotted chains that are some node's relation_name). */
  sql(text: string): string {
    if (this.copy === 0) return text;
    return text.replace(/[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)+/g, (chain) => {
      const id = this.index.relationIds.get(chain.toLowerCase());
      if (id !== undefined) return this.relation(id) ?? chain;
      // db.schema.table.column: the relation is the first three parts.
      const parts = chain.split(".");
      if (parts.length <= 3) return chain;
      const prefix = parts.slice(0, 3).join(".");
      const prefixId = this.index.relationIds.get(prefix.toLowerCase());
      return prefixId === undefined ? chain : `${this.relation(prefixId)}.${parts.slice(3).join(".")}`;
    });
  }

  /** `ref('x')` and `source('s', 'x')` inside test kwargs (dbt ≤ 1.4 finds a test's model through them). */
  jinja(text: string): string {
    if (this.copy === 0) return text;
    return text
      .replace(/\bref\(\s*(['"])([^'"]+)\1\s*\)/g, (call, quote: string, name: string) =>
        this.index.refNames.has(name) ? `ref(${quote}${this.name(name)}${quote})` : call,
      )
      .replace(
        /\bsource\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)/g,
        (call, q1: string, sourceName: string, q2: string, name: string) =>
          this.sharedSources ? call : `source(${q1}${sourceName}${q1}, ${q2}${this.name(name)}${q2})`,
      );
  }

  private jinjaDeep(value: unknown): unknown {
    if (typeof value === "string") return this.jinja(value);
    if (Array.isArray(value)) return value.map((item) => this.jinjaDeep(item));
    const object = asObject(value);
    if (!object) return value;
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, this.jinjaDeep(item)]));
  }

  /** One manifest node or source of this copy. */
  node(id: string, raw: JsonObject): JsonObject {
    if (this.copy === 0) return raw;
    const isSource = this.index.sourceIds.has(id);
    const renamed: JsonObject = { ...raw, unique_id: this.id(id) };
    if (typeof raw.name === "string") renamed.name = this.name(raw.name);
    if (isSource && typeof raw.schema === "string") renamed.schema = suffixed(raw.schema, this.copy);
    if (!isSource && typeof raw.alias === "string") renamed.alias = this.name(raw.alias);
    if (typeof raw.relation_name === "string") renamed.relation_name = this.relation(id);
    if (Array.isArray(raw.fqn) && raw.fqn.length > 0) {
      renamed.fqn = [...raw.fqn.slice(0, -1), this.name(String(raw.fqn.at(-1)))];
    }
    const dependsOn = asObject(raw.depends_on);
    if (dependsOn && Array.isArray(dependsOn.nodes)) {
      renamed.depends_on = { ...dependsOn, nodes: dependsOn.nodes.map((parent) => this.id(String(parent))) };
    }
    if (Array.isArray(raw.refs)) {
      renamed.refs = raw.refs.map((ref) =>
        Array.isArray(ref) && ref.length > 0 ? [...ref.slice(0, -1), this.name(String(ref.at(-1)))] : ref,
      );
    }
    if (Array.isArray(raw.sources) && !this.sharedSources) {
      renamed.sources = raw.sources.map((source) =>
        Array.isArray(source) && source.length === 2 ? [source[0], this.name(String(source[1]))] : source,
      );
    }
    for (const field of ["compiled_sql", "compiled_code"]) {
      if (typeof raw[field] === "string") renamed[field] = this.sql(raw[field] as string);
    }
    const testMetadata = asObject(raw.test_metadata);
    if (testMetadata)
      renamed.test_metadata = { ...testMetadata, kwargs: this.jinjaDeep(testMetadata.kwargs) };
    if (typeof raw.attached_node === "string") renamed.attached_node = this.id(raw.attached_node);
    return renamed;
  }

  /** One catalog.json entry (nodes or sources) of this copy. */
  catalogEntry(id: string, raw: JsonObject): JsonObject {
    if (this.copy === 0) return raw;
    const metadata = asObject(raw.metadata) ?? {};
    const isSource = this.index.sourceIds.has(id);
    const renamedMetadata =
      isSource && typeof metadata.schema === "string"
        ? { ...metadata, schema: suffixed(metadata.schema, this.copy) }
        : typeof metadata.name === "string"
          ? { ...metadata, name: suffixed(metadata.name, this.copy) }
          : metadata;
    return { ...raw, unique_id: this.id(id), metadata: renamedMetadata };
  }
}

/** Buffers small writes into large ones. */
class JsonFileWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(file: string) {
    this.fd = openSync(file, "w");
  }

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size > 8 * 1024 * 1024) this.flush();
  }

  /** `{"key": value, ...}` from a stream of entries. */
  object(entries: Iterable<[string, unknown]>): void {
    this.write("{");
    let first = true;
    for (const [key, value] of entries) {
      this.write(`${first ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(value)}`);
      first = false;
    }
    this.write("}");
  }

  private flush(): void {
    writeSync(this.fd, this.chunks.join(""));
    this.chunks = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function renamersFor(index: ProjectIndex, options: ScaleOptions): CopyRenamer[] {
  return Array.from(
    { length: options.copies },
    (_, copy) => new CopyRenamer(index, copy, options.sharedSources),
  );
}

function* copiedEntries(
  section: unknown,
  renamers: readonly CopyRenamer[],
  rename: (renamer: CopyRenamer, id: string, raw: JsonObject) => JsonObject,
): Generator<[string, unknown]> {
  for (const renamer of renamers) {
    for (const [id, entry] of entriesOf(section)) {
      if (renamer.owns(id)) yield [renamer.id(id), rename(renamer, id, asObject(entry)!)];
    }
  }
}

/** parent_map / child_map: each copy's edges, renamed; a shared source lists the children of every copy. */
function* copiedGraph(map: unknown, renamers: readonly CopyRenamer[]): Generator<[string, unknown]> {
  const original = entriesOf(map);
  const merged = new Map<string, string[]>();
  for (const renamer of renamers) {
    for (const [id, list] of original) {
      const edges = (Array.isArray(list) ? list : []).map((other) => renamer.id(String(other)));
      const key = renamer.id(id);
      const existing = merged.get(key);
      if (existing) existing.push(...edges);
      else merged.set(key, edges);
    }
  }
  yield* merged;
}

const NODE_SECTIONS = ["nodes", "sources"] as const;

export function writeScaledManifest(manifest: JsonObject, options: ScaleOptions, file: string): ScaledCounts {
  const index = indexProject(manifest);
  const renamers = renamersFor(index, options);
  const writer = new JsonFileWriter(file);
  const counts = { models: 0, tests: 0, sources: 0, nodes: 0 };
  const count = (raw: JsonObject) => {
    counts.nodes++;
    if (raw.resource_type === "model") counts.models++;
    if (raw.resource_type === "test") counts.tests++;
    if (raw.resource_type === "source") counts.sources++;
  };
  writer.write("{");
  Object.keys(manifest).forEach((key, position) => {
    writer.write(`${position === 0 ? "" : ","}${JSON.stringify(key)}:`);
    if ((NODE_SECTIONS as readonly string[]).includes(key)) {
      writer.object(
        copiedEntries(manifest[key], renamers, (renamer, id, raw) => {
          count(raw);
          return renamer.node(id, raw);
        }),
      );
    } else if (key === "parent_map" || key === "child_map") {
      writer.object(copiedGraph(manifest[key], renamers));
    } else {
      writer.write(JSON.stringify(manifest[key]));
    }
  });
  writer.write("}");
  writer.close();
  return counts;
}

export function writeScaledCatalog(
  manifest: JsonObject,
  catalog: JsonObject,
  options: ScaleOptions,
  file: string,
): void {
  const renamers = renamersFor(indexProject(manifest), options);
  const writer = new JsonFileWriter(file);
  writer.write("{");
  Object.keys(catalog).forEach((key, position) => {
    writer.write(`${position === 0 ? "" : ","}${JSON.stringify(key)}:`);
    if ((NODE_SECTIONS as readonly string[]).includes(key)) {
      writer.object(
        copiedEntries(catalog[key], renamers, (renamer, id, raw) => renamer.catalogEntry(id, raw)),
      );
    } else {
      writer.write(JSON.stringify(catalog[key]));
    }
  });
  writer.write("}");
  writer.close();
}
