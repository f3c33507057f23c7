import type { QualifiedName } from "../catalog/model.js";
import { analyzeColumnUse, loadColumnUseParsers } from "../dbt/column-usage.js";
import type {
  ColumnUsageKind,
  DbtNode,
  DbtProject,
  NodeColumnUse,
  OutputColumn,
  RelationColumnUse,
} from "../dbt/model.js";
import { RelationIndex } from "../dbt/relations.js";
import { type IdentifierCase, relationKey } from "../dialects/identifiers.js";
import type { ContractPin, DbtImpact, DeclaredType } from "../lint/dbt-impact.js";
import { breaksBuild, type Impact } from "../lint/diagnostic.js";
import { ReaderScan } from "./reader-scan.js";

const BUILT_KINDS = new Set(["model", "seed", "snapshot"]);
const SQL_KINDS = new Set(["model", "snapshot", "analysis"]);
/**
 * Nodes whose compiled SQL may read a relation that depends_on does not name: models, snapshots, analyses
 * and singular tests. A generic test's SQL is its macro over the node it is attached to, which depends_on
 * names (and on large projects generic tests are most of the nodes).
 */
function mayReadUndeclared(node: DbtNode): boolean {
  return SQL_KINDS.has(node.resourceType) || (node.resourceType === "test" && node.test === undefined);
}
/** Nodes that read a model's output inside the project: a model with none of them is a leaf. */
const CONSUMER_KINDS = new Set(["model", "snapshot"]);
/** Materializations that are views in the warehouse, holding the columns their query reads. */
const VIEW_MATERIALIZATIONS = new Set(["view", "materialized_view"]);

export interface DbtImpactOptions {
  /**
   * Columns the migrations give a table (schema, name as dbt writes them), for sources that catalog.json
   * does not describe. Every column the table had at any point of the history: dbt compiled the models
   * against the schema before the change, so a column the change removes must still be known.
   */
  readonly tableColumns: (schema: string, name: string) => readonly string[] | undefined;
  /** How the migrations' database compares names (dialect.identifiers): dbt relations match tables by it. */
  readonly identifiers: IdentifierCase;
  /**
   * Every table the migrations' history knew, so that compiled SQL naming one that no dbt node declares
   * (a hard-coded `from raw.trades`) is still seen reading it.
   */
  readonly tables?: readonly QualifiedName[];
}

/** The relation a walk starts from or passes: the nodes that are one table (a source and a seed may share it). */
type Group = readonly DbtNode[];

/**
 * An output column that carries an upstream column's value unchanged: a bare reference (renamed or
 * not), or a `*` expansion. Computed columns (casts, arithmetic, window functions) do not carry it.
 */
function isCopyOf(output: OutputColumn, upstream: ReadonlySet<string>, column: string): boolean {
  if (output.sources.length !== 1) return false;
  const [source] = output.sources;
  if (!upstream.has(source!.node)) return false;
  if (source!.column === "*") return output.name === column;
  if (source!.column !== column) return false;
  return output.direct ?? output.name === column;
}

export async function buildDbtImpact(
  project: DbtProject,
  options: DbtImpactOptions,
): Promise<DbtImpactIndex> {
  await loadColumnUseParsers();
  return new DbtImpactIndex(project, options);
}

/** A reader recorded earlier that breaks needs no second look; a pass-through one may still turn out to. */
function breaks(impact: Impact | undefined): boolean {
  return impact !== undefined && breaksBuild(impact);
}

/** The id of a table only the migrations know: never a dbt unique_id, which has no colon. */
function tableAnchorId(table: QualifiedName): string {
  return `table:${table.schema}.${table.name}`;
}

/**
 * Answers the dbt rules' questions over the manifest. Column use is computed lazily, only for nodes
 * downstream of a changed table, and memoised: a 10k-model project pays for the models a change reaches.
 *
 * depends_on is a hint, not the answer: a node's readers are its declared children whose compiled SQL
 * reads it, plus any node whose compiled SQL reads it without declaring it (found by a scan of the
 * compiled code for the relation's name, then confirmed by parsing). A table no dbt node declares is
 * followed the same way, from a stand-in node.
 */
export class DbtImpactIndex implements DbtImpact {
  private readonly relations: RelationIndex;
  private readonly uses = new Map<string, NodeColumnUse>();
  private readonly inProgress = new Set<string>();
  private readonly yamlOnly = new Set<string>();
  /** Stand-ins for tables the migrations know and no dbt node declares, by relation key. */
  private readonly tableAnchors = new Map<string, DbtNode>();
  private readonly readerCache = new Map<string, readonly DbtNode[]>();
  private scan: ReaderScan | undefined;

  constructor(
    private readonly project: DbtProject,
    private readonly options: DbtImpactOptions,
  ) {
    this.relations = new RelationIndex(project, options.identifiers);
    for (const table of options.tables ?? []) {
      if (this.relations.nodesForTable(table.schema, table.name).length > 0) continue;
      this.tableAnchors.set(relationKey(options.identifiers, table.schema, table.name), {
        uniqueId: tableAnchorId(table),
        resourceType: "table",
        name: table.name,
        packageName: "",
        relation: { schema: table.schema, identifier: table.name },
        columns: new Map(),
        columnsComplete: false,
        contractEnforced: false,
        dependsOn: [],
      });
    }
  }

  /** What the report should say about the basis of the findings. */
  notes(): string[] {
    if (this.yamlOnly.size === 0) return [];
    const names = [...this.yamlOnly].slice(0, 5).join(", ");
    return [
      `Column use of ${this.yamlOnly.size} dbt node${this.yamlOnly.size === 1 ? "" : "s"} comes from YAML-documented columns only (no compiled SQL, or it did not parse): ${names}${this.yamlOnly.size > 5 ? ", …" : ""}. Run \`dbt compile\` for exact results.`,
    ];
  }

  nodesFor(table: QualifiedName): readonly DbtNode[] {
    return this.relations.nodesForTable(table.schema, table.name);
  }

  builtBy(table: QualifiedName): DbtNode | undefined {
    return this.nodesFor(table).find(
      (node) => BUILT_KINDS.has(node.resourceType) && node.materialized !== "ephemeral",
    );
  }

  seesTable(table: QualifiedName): boolean {
    if (this.nodesFor(table).length > 0) return true;
    const anchor = this.tableAnchors.get(relationKey(this.options.identifiers, table.schema, table.name));
    return anchor !== undefined && this.readersOf([anchor]).length > 0;
  }

  tableImpacts(table: QualifiedName): readonly Impact[] {
    const impacts = new Map<string, Impact>();
    const anchors = this.anchorsFor(table);
    const anchorIds = new Set(anchors.map((node) => node.uniqueId));
    const broken: { node: DbtNode; via: string }[] = [];
    for (const child of this.readersOf(anchors)) {
      const usage = new Set<ColumnUsageKind>();
      if (SQL_KINDS.has(child.resourceType)) {
        const reads = this.readsOf(this.use(child), anchorIds);
        if (reads?.star) usage.add("star");
        for (const kinds of reads?.columns.values() ?? []) for (const kind of kinds) usage.add(kind);
      }
      const test = child.resourceType === "test";
      if (test) usage.add("test");
      impacts.set(
        child.uniqueId,
        this.impact(child, {
          direct: true,
          usage: [...usage],
          reach: test ? "test" : "reads",
          basis: this.basisOf(child),
        }),
      );
      broken.push({ node: child, via: anchors[0]!.uniqueId });
    }
    this.addDownstream(impacts, broken, anchorIds);
    return [...impacts.values()];
  }

  columnImpacts(table: QualifiedName, column: string): readonly Impact[] {
    return this.walkColumn(table, column, "removed");
  }

  valueImpacts(table: QualifiedName, column: string): readonly Impact[] {
    return this.walkColumn(table, column, "values");
  }

  /**
   * Follows one column downstream. `removed` (drop, rename): a reader that names the column breaks, and
   * everything built on it with it; a `select *` reader keeps building and passes the loss on to its own
   * readers. `values` (a type change): a reader sees the new values but may well still build, so the walk
   * goes on only through outputs that carry the column unchanged.
   */
  private walkColumn(table: QualifiedName, column: string, mode: "removed" | "values"): readonly Impact[] {
    const impacts = new Map<string, Impact>();
    const anchors = this.anchorsFor(table);
    const anchorIds = new Set(anchors.map((node) => node.uniqueId));
    const broken: { node: DbtNode; via: string }[] = [];
    const seen = new Set<string>();
    // Work list of (upstream relation, its column) whose readers we look for; `*` pass-through extends it.
    const queue: { upstream: Group; column: string; depth: number }[] = [
      { upstream: anchors, column: column.toLowerCase(), depth: 0 },
    ];
    // An index instead of shift(): on 10k-model projects the work list reaches tens of thousands.
    for (let next = 0; next < queue.length; next++) {
      const { upstream, column: upstreamColumn, depth } = queue[next]!;
      const key = `${upstream[0]!.uniqueId}\u0000${upstreamColumn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const upstreamIds = new Set(upstream.map((node) => node.uniqueId));
      const direct = depth === 0;
      const base = {
        direct,
        column: upstreamColumn,
        ...(direct ? {} : { via: upstream[0]!.uniqueId }),
      };
      for (const child of this.readersOf(upstream)) {
        if (anchorIds.has(child.uniqueId)) continue;
        // A `select *` reader found first may still read the column explicitly through another parent.
        const known = impacts.get(child.uniqueId);
        if (breaks(known)) continue;
        if (child.resourceType === "test") {
          if (this.testReads(child, upstreamIds, upstreamColumn)) {
            impacts.set(
              child.uniqueId,
              this.impact(child, { ...base, usage: ["test"], reach: "test", basis: "graph" }),
            );
          }
          continue;
        }
        if (child.resourceType === "exposure") {
          // A dashboard on a node whose output loses (or retypes) the column: it may use it.
          if (!direct && !known) {
            impacts.set(
              child.uniqueId,
              this.impact(child, { ...base, usage: [], reach: "pass-through", basis: "graph" }),
            );
          }
          continue;
        }
        if (!SQL_KINDS.has(child.resourceType)) continue;
        const use = this.use(child);
        const reads = this.readsOf(use, upstreamIds);
        // A column listed only because `select *` expanded to it is passed through, not read.
        const explicit = reads?.columns.get(upstreamColumn)?.filter((kind) => kind !== "star");
        if (explicit && explicit.length > 0) {
          impacts.set(
            child.uniqueId,
            this.impact(child, {
              ...base,
              usage: explicit,
              reach: "reads",
              basis: use.basis === "compiled" ? "compiled" : "yaml",
            }),
          );
          if (mode === "removed") broken.push({ node: child, via: upstream[0]!.uniqueId });
          else {
            for (const output of use.outputs ?? []) {
              if (isCopyOf(output, upstreamIds, upstreamColumn)) {
                queue.push({ upstream: [child], column: output.name, depth: depth + 1 });
              }
            }
          }
          continue;
        }
        if (!reads?.star && !reads?.columns.has(upstreamColumn)) continue;
        // `select *` keeps building, but its output loses (or changes) the column: follow it downstream.
        const outputs = this.outputsCarrying(use, upstreamIds, upstreamColumn);
        // ...unless an enforced contract declares that output: dbt refuses to build the model without it.
        const pinned = outputs.find((output) => child.contractEnforced && child.columns.has(output));
        if (mode === "removed" && pinned !== undefined) {
          impacts.set(
            child.uniqueId,
            this.impact(child, {
              ...base,
              usage: ["star", "contract"],
              reach: "contract",
              basis: "compiled",
            }),
          );
          broken.push({ node: child, via: upstream[0]!.uniqueId });
          continue;
        }
        if (!known) {
          impacts.set(
            child.uniqueId,
            this.impact(child, {
              ...base,
              usage: ["star"],
              reach: "pass-through",
              basis: "compiled",
              // Its output lost the column only if `*` put it there (not a CTE that picks other columns).
              ...(outputs.length > 0 && this.isLeaf(child) && { leaf: true }),
            }),
          );
        }
        for (const output of outputs) queue.push({ upstream: [child], column: output, depth: depth + 1 });
      }
    }
    this.addDownstream(impacts, broken, anchorIds);
    return [...impacts.values()];
  }

  viewsHolding(table: QualifiedName, column: string): readonly Impact[] {
    const wanted = column.toLowerCase();
    const holders = new Map<string, Impact>();
    const anchors = this.anchorsFor(table);
    const anchorIds = new Set(anchors.map((node) => node.uniqueId));
    // An ephemeral model is inlined into its readers' SQL: a view that reads it holds what it reads.
    const visit = (upstream: Group, references: (reads: RelationColumnUse) => boolean, via?: string) => {
      const upstreamIds = new Set(upstream.map((node) => node.uniqueId));
      for (const child of this.readersOf(upstream)) {
        if (!SQL_KINDS.has(child.resourceType) || holders.has(child.uniqueId)) continue;
        const use = this.use(child);
        const reads = this.readsOf(use, upstreamIds);
        if (reads === undefined || use.basis !== "compiled" || !references(reads)) continue;
        if (child.materialized === "ephemeral") visit([child], () => true, child.uniqueId);
        else if (isView(child)) {
          const usage = reads.columns.get(wanted) ?? (reads.star ? ["star" as const] : []);
          holders.set(
            child.uniqueId,
            this.impact(child, {
              direct: via === undefined,
              usage: [...usage],
              column: wanted,
              reach: usage.some((kind) => kind !== "star") ? "reads" : "pass-through",
              basis: "compiled",
              ...(via !== undefined && { via }),
            }),
          );
        }
      }
    };
    visit(anchors, (reads) => reads.star || reads.columns.has(wanted));
    return [...holders.values()].filter((impact) => !anchorIds.has(impact.unique_id));
  }

  declaredTypes(table: QualifiedName, column: string): readonly DeclaredType[] {
    const declared: DeclaredType[] = [];
    for (const node of this.nodesFor(table)) {
      const documented = node.columns.get(column.toLowerCase());
      if (documented?.dataType) {
        declared.push({
          node: node.uniqueId,
          dataType: documented.dataType,
          source: documented.dataTypeSource ?? "yaml",
        });
      }
      if (documented?.warehouseType && documented.dataTypeSource !== "catalog") {
        declared.push({ node: node.uniqueId, dataType: documented.warehouseType, source: "catalog" });
      }
    }
    return declared;
  }

  contractPins(table: QualifiedName, column: string): readonly ContractPin[] {
    const pins: ContractPin[] = [];
    this.followCopies(table, column, (node, nodeColumn, direct, via) => {
      if (!node.contractEnforced) return;
      const declared = node.columns.get(nodeColumn);
      pins.push({
        impact: this.impact(node, {
          direct,
          column: nodeColumn,
          usage: ["contract"],
          reach: "contract",
          basis: "compiled",
          ...(via && { via }),
        }),
        column: nodeColumn,
        ...(declared?.dataType && { dataType: declared.dataType }),
        notNull: declared?.notNullConstraint ?? false,
      });
    });
    return pins;
  }

  notNullGuards(table: QualifiedName, column: string): readonly Impact[] {
    const guards = new Map<string, Impact>();
    const visit = (group: Group, nodeColumn: string, direct: boolean, via?: string) => {
      const ids = new Set(group.map((node) => node.uniqueId));
      for (const child of this.readersOf(group)) {
        if (
          child.resourceType === "test" &&
          child.test?.name === "not_null" &&
          this.testReads(child, ids, nodeColumn)
        ) {
          guards.set(
            child.uniqueId,
            this.impact(child, {
              direct,
              column: nodeColumn,
              usage: ["test"],
              reach: "test",
              basis: "graph",
              ...(via && { via }),
            }),
          );
        }
      }
      for (const node of group) {
        if (!node.contractEnforced || !node.columns.get(nodeColumn)?.notNullConstraint) continue;
        guards.set(
          node.uniqueId,
          this.impact(node, {
            direct,
            column: nodeColumn,
            usage: ["contract"],
            reach: "contract",
            basis: "compiled",
            ...(via && { via }),
          }),
        );
      }
    };
    visit(this.anchorsFor(table), column.toLowerCase(), true);
    this.followCopies(table, column, (node, nodeColumn, _direct, via) =>
      visit([node], nodeColumn, false, via),
    );
    return [...guards.values()];
  }

  // -------------------------------------------------------------------------------------------

  /** The nodes that are the table, or a stand-in for a table only the migrations know. */
  private anchorsFor(table: QualifiedName): Group {
    const nodes = this.nodesFor(table);
    if (nodes.length > 0) return nodes;
    const anchor = this.tableAnchors.get(relationKey(this.options.identifiers, table.schema, table.name));
    return anchor ? [anchor] : [];
  }

  /**
   * Who reads a relation: children that depends_on declares (non-SQL ones, such as tests and exposures, by
   * the graph; SQL ones only when their compiled SQL does read it, or when it could not be parsed), and
   * nodes whose compiled SQL reads it without declaring it.
   */
  private readersOf(group: Group): readonly DbtNode[] {
    if (group.length === 0) return [];
    const cacheKey = group.map((node) => node.uniqueId).join("\u0000");
    const cached = this.readerCache.get(cacheKey);
    if (cached) return cached;
    const ids = new Set(group.map((node) => node.uniqueId));
    const readers = new Map<string, DbtNode>();
    for (const member of group) {
      for (const id of this.project.childMap.get(member.uniqueId) ?? []) {
        const child = this.project.nodes.get(id);
        if (!child || ids.has(id) || readers.has(id)) continue;
        if (SQL_KINDS.has(child.resourceType)) {
          const use = this.use(child);
          if (use.basis === "compiled" && this.readsOf(use, ids) === undefined) continue;
        }
        readers.set(id, child);
      }
    }
    const relation = group[0]!.relation;
    if (relation) {
      // A node that does not declare the relation can only name it with its schema (see otherRelation).
      for (const candidate of this.readerScan().mentioningAll([relation.schema, relation.identifier])) {
        if (ids.has(candidate.uniqueId) || readers.has(candidate.uniqueId)) continue;
        const use = this.use(candidate);
        if (use.basis === "compiled" && this.readsOf(use, ids) !== undefined)
          readers.set(candidate.uniqueId, candidate);
      }
    }
    const result = [...readers.values()];
    this.readerCache.set(cacheKey, result);
    return result;
  }

  private readerScan(): ReaderScan {
    this.scan ??= new ReaderScan([...this.project.nodes.values()].filter(mayReadUndeclared), () => [
      ...[...this.relations.relations()].flatMap((relation) => [relation.schema, relation.name]),
      ...[...this.tableAnchors.values()].flatMap((anchor) => [anchor.relation!.schema, anchor.name]),
    ]);
    return this.scan;
  }

  /** What a node reads of a relation, merged over the nodes that are it. */
  private readsOf(use: NodeColumnUse, ids: ReadonlySet<string>): RelationColumnUse | undefined {
    const found = [...ids].map((id) => use.reads.get(id)).filter((reads) => reads !== undefined);
    if (found.length <= 1) return found[0];
    const columns = new Map<string, ColumnUsageKind[]>();
    for (const reads of found) {
      for (const [column, kinds] of reads.columns) {
        columns.set(column, [...new Set([...(columns.get(column) ?? []), ...kinds])]);
      }
    }
    return { columns, star: found.some((reads) => reads.star) };
  }

  /** Nothing in the project reads the model's output (tests and exposures do not count: they only look). */
  private isLeaf(node: DbtNode): boolean {
    if (node.resourceType !== "model" || node.materialized === "ephemeral") return false;
    return !this.readersOf([node]).some((reader) => CONSUMER_KINDS.has(reader.resourceType));
  }

  private basisOf(node: DbtNode): Impact["basis"] {
    if (!SQL_KINDS.has(node.resourceType)) return "graph";
    return this.use(node).basis === "compiled" ? "compiled" : "yaml";
  }

  private impact(
    node: DbtNode,
    fields: Pick<Impact, "direct" | "usage" | "basis" | "reach" | "leaf"> & {
      column?: string;
      via?: string;
    },
  ): Impact {
    return {
      unique_id: node.uniqueId,
      kind: node.resourceType,
      name: node.name,
      ...(node.relation && { relation: `${node.relation.schema}.${node.relation.identifier}` }),
      direct: fields.direct,
      usage: fields.usage,
      ...(fields.column !== undefined && { column: fields.column }),
      ...(fields.via !== undefined && { via: fields.via }),
      basis: fields.basis,
      ...(fields.reach !== undefined && { reach: fields.reach }),
      ...(fields.leaf && { leaf: true }),
      ...(node.exposureType !== undefined && { exposure_type: node.exposureType }),
      ...(node.owner !== undefined && { owner: node.owner }),
    };
  }

  /**
   * Every descendant of a node that breaks is impacted too: dbt skips it (or, for a view, it fails).
   * That includes a `select *` reader of the column recorded earlier: it survives the column's loss,
   * not the loss of a parent.
   */
  private addDownstream(
    impacts: Map<string, Impact>,
    broken: readonly { node: DbtNode; via: string }[],
    anchors: ReadonlySet<string>,
  ) {
    const queue = broken.map((entry) => entry.node);
    for (let next = 0; next < queue.length; next++) {
      const node = queue[next]!;
      for (const id of this.project.childMap.get(node.uniqueId) ?? []) {
        const child = this.project.nodes.get(id);
        if (!child || anchors.has(id) || breaks(impacts.get(id))) continue;
        impacts.set(
          id,
          this.impact(child, {
            direct: false,
            usage: ["downstream"],
            reach: "downstream",
            via: node.uniqueId,
            basis: "graph",
          }),
        );
        queue.push(child);
      }
    }
  }

  /** Does a data test read this column of this relation (generic tests by metadata, others by their SQL)? */
  private testReads(test: DbtNode, upstream: ReadonlySet<string>, column: string): boolean {
    const metadata = test.test;
    if (metadata) {
      const attached = metadata.attachedNode ?? test.dependsOn[0];
      const onColumn = metadata.columnName?.toLowerCase().replace(/^"|"$/g, "");
      const onUpstream = attached !== undefined && upstream.has(attached);
      if (onUpstream && onColumn === column) return true;
      // relationships: the `field` of the `to` model.
      const field =
        typeof metadata.kwargs.field === "string" ? metadata.kwargs.field.toLowerCase() : undefined;
      if (metadata.name === "relationships" && !onUpstream && field === column) return true;
      if (test.compiledCode === undefined) return false;
    }
    return Boolean(this.readsOf(this.use(test), upstream)?.columns.has(column));
  }

  /** Output columns of a node that carry an upstream column (by name through `*`, or computed from it). */
  private outputsCarrying(use: NodeColumnUse, upstream: ReadonlySet<string>, column: string): string[] {
    if (!use.outputs) return [column];
    return use.outputs
      .filter((output) =>
        output.sources.some(
          (source) =>
            upstream.has(source.node) &&
            (source.column === column || (source.column === "*" && output.name === column)),
        ),
      )
      .map((output) => output.name);
  }

  /**
   * Walks downstream through model outputs that copy the column (one source column, any name),
   * calling `visit` for each node and its copy of the column.
   */
  private followCopies(
    table: QualifiedName,
    column: string,
    visit: (node: DbtNode, column: string, direct: boolean, via?: string) => void,
  ): void {
    const seen = new Set<string>();
    const queue: { group: Group; column: string; depth: number }[] = [
      { group: this.anchorsFor(table), column: column.toLowerCase(), depth: 0 },
    ];
    for (let next = 0; next < queue.length; next++) {
      const { group, column: current, depth } = queue[next]!;
      const ids = new Set(group.map((node) => node.uniqueId));
      for (const child of this.readersOf(group)) {
        if (!SQL_KINDS.has(child.resourceType)) continue;
        const use = this.use(child);
        for (const output of use.outputs ?? []) {
          const copies = isCopyOf(output, ids, current);
          const key = `${child.uniqueId}\u0000${output.name}`;
          if (!copies || seen.has(key)) continue;
          seen.add(key);
          visit(child, output.name, depth === 0, group[0]!.uniqueId);
          queue.push({ group: [child], column: output.name, depth: depth + 1 });
        }
      }
    }
  }

  private use(node: DbtNode): NodeColumnUse {
    const cached = this.uses.get(node.uniqueId);
    if (cached) return cached;
    if (this.inProgress.has(node.uniqueId))
      return { basis: "none", reads: new Map(), notes: ["dependency cycle"] };
    this.inProgress.add(node.uniqueId);
    const parents = node.dependsOn
      .map((id) => this.project.nodes.get(id))
      .filter((parent): parent is DbtNode => parent !== undefined);
    const use = analyzeColumnUse(node, parents, {
      adapter: this.project.adapter,
      columnsOf: (id) => this.columnsOf(id),
      identifiers: this.options.identifiers,
      otherRelation: (name) => this.otherRelation(name),
    });
    this.inProgress.delete(node.uniqueId);
    this.uses.set(node.uniqueId, use);
    if (use.basis !== "compiled" && SQL_KINDS.has(node.resourceType)) this.yamlOnly.add(node.uniqueId);
    return use;
  }

  /** A relation compiled SQL reads that is not among the node's parents: another node's, or a table's. */
  private otherRelation(name: readonly string[]): string | undefined {
    const [node] = this.relations.nodesForWritten(name);
    if (node) return node.uniqueId;
    if (name.length < 2) return undefined;
    const key = relationKey(this.options.identifiers, name[name.length - 2]!, name[name.length - 1]!);
    return this.tableAnchors.get(key)?.uniqueId;
  }

  /** Known columns of a node: catalog.json, else the migrations' catalog, else its computed outputs, else YAML. */
  private columnsOf(uniqueId: string): readonly string[] | undefined {
    const node = this.project.nodes.get(uniqueId) ?? this.anchorById(uniqueId);
    if (!node) return undefined;
    if (node.columnsComplete) return [...node.columns.keys()];
    if (node.relation) {
      const columns = this.options.tableColumns(node.relation.schema, node.relation.identifier);
      if (columns) return columns;
    }
    if (SQL_KINDS.has(node.resourceType) && node.compiledCode !== undefined) {
      const outputs = this.use(node).outputs;
      if (outputs?.every((output) => output.name !== "*")) return outputs.map((output) => output.name);
    }
    return node.columns.size > 0 ? [...node.columns.keys()] : undefined;
  }

  private anchorById(uniqueId: string): DbtNode | undefined {
    if (!uniqueId.startsWith("table:")) return undefined;
    return [...this.tableAnchors.values()].find((anchor) => anchor.uniqueId === uniqueId);
  }

  nearestRelations(table: QualifiedName, limit = 3): string[] {
    const wanted = table.name.toLowerCase();
    const scored = [...this.relations.relations()].map((relation) => ({
      name: relation.schema ? `${relation.schema}.${relation.name}` : relation.name,
      sameName: relation.name.toLowerCase() === wanted,
      distance: editDistance(relation.name.toLowerCase(), wanted),
    }));
    return scored
      .filter((entry) => entry.sameName || entry.distance <= Math.max(2, Math.floor(wanted.length / 3)))
      .sort(
        (a, b) =>
          Number(b.sameName) - Number(a.sameName) || a.distance - b.distance || a.name.localeCompare(b.name),
      )
      .slice(0, limit)
      .map((entry) => entry.name);
  }
}

function isView(node: DbtNode): boolean {
  return VIEW_MATERIALIZATIONS.has(node.materialized ?? "") || node.warehouseRelationType === "view";
}

/** Levenshtein distance, for suggesting the dbt relation a mistyped or misplaced table name meant. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
