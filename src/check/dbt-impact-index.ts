import type { QualifiedName } from "../catalog/model.js";
import { analyzeColumnUse, loadColumnUseParsers } from "../dbt/column-usage.js";
import type { ColumnUsageKind, DbtNode, DbtProject, NodeColumnUse, OutputColumn } from "../dbt/model.js";
import { RelationIndex } from "../dbt/relations.js";
import type { DialectName } from "../dialects/dialect.js";
import type { ContractPin, DbtImpact, DeclaredType } from "../lint/dbt-impact.js";
import type { Impact } from "../lint/diagnostic.js";

const BUILT_KINDS = new Set(["model", "seed", "snapshot"]);
const SQL_KINDS = new Set(["model", "snapshot", "analysis"]);

export interface DbtImpactOptions {
  /**
   * Columns the migrations give a table (schema, name as dbt writes them), for sources that catalog.json
   * does not describe. Every column the table had at any point of the history: dbt compiled the models
   * against the schema before the change, so a column the change removes must still be known.
   */
  readonly tableColumns: (schema: string, name: string) => readonly string[] | undefined;
  readonly dialect: DialectName;
}

/**
 * An output column that carries an upstream column's value unchanged: a bare reference (renamed or
 * not), or a `*` expansion. Computed columns (casts, arithmetic, window functions) do not carry it.
 */
function isCopyOf(output: OutputColumn, upstream: string, column: string): boolean {
  if (output.sources.length !== 1) return false;
  const [source] = output.sources;
  if (source!.node !== upstream) return false;
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

/** A `select *` reader of a column keeps building when the column goes; any other recorded use breaks. */
function breaks(impact: Impact): boolean {
  return !(impact.usage.length === 1 && impact.usage[0] === "star");
}

/**
 * Answers the dbt rules' questions over the manifest. Column use is computed lazily, only for nodes
 * downstream of a changed table, and memoised: a 10k-model project pays for the models a change reaches.
 */
export class DbtImpactIndex implements DbtImpact {
  private readonly relations: RelationIndex;
  private readonly uses = new Map<string, NodeColumnUse>();
  private readonly inProgress = new Set<string>();
  private readonly yamlOnly = new Set<string>();

  constructor(
    private readonly project: DbtProject,
    private readonly options: DbtImpactOptions,
  ) {
    this.relations = new RelationIndex(project);
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

  tableImpacts(table: QualifiedName): readonly Impact[] {
    const impacts = new Map<string, Impact>();
    const anchors = this.nodesFor(table);
    const anchorIds = new Set(anchors.map((node) => node.uniqueId));
    const broken: { node: DbtNode; via: string }[] = [];
    for (const anchor of anchors) {
      for (const child of this.children(anchor.uniqueId)) {
        if (anchorIds.has(child.uniqueId) || impacts.has(child.uniqueId)) continue;
        const reads = SQL_KINDS.has(child.resourceType)
          ? this.use(child).reads.get(anchor.uniqueId)
          : undefined;
        const usage = new Set<ColumnUsageKind>();
        if (reads?.star) usage.add("star");
        for (const kinds of reads?.columns.values() ?? []) for (const kind of kinds) usage.add(kind);
        if (child.resourceType === "test") usage.add("test");
        impacts.set(
          child.uniqueId,
          this.impact(child, { direct: true, usage: [...usage], basis: this.basisOf(child) }),
        );
        broken.push({ node: child, via: anchor.uniqueId });
      }
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
   * Follows one column downstream. `removed` (drop, rename): an explicit reader breaks, and everything
   * built on it with it. `values` (a type change): an explicit reader sees the new values but may well
   * still build, so the walk goes on only through outputs that copy the column unchanged.
   */
  private walkColumn(table: QualifiedName, column: string, mode: "removed" | "values"): readonly Impact[] {
    const impacts = new Map<string, Impact>();
    const anchors = this.nodesFor(table);
    const anchorIds = new Set(anchors.map((node) => node.uniqueId));
    const broken: { node: DbtNode; via: string }[] = [];
    const seen = new Set<string>();
    // Work list of (upstream node, its column) whose readers we look for; `*` pass-through extends it.
    const queue = anchors.map((node) => ({ node, column: column.toLowerCase(), depth: 0 }));
    // An index instead of shift(): on 10k-model projects the work list reaches tens of thousands.
    for (let next = 0; next < queue.length; next++) {
      const { node: upstream, column: upstreamColumn, depth } = queue[next]!;
      const key = `${upstream.uniqueId}\u0000${upstreamColumn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const child of this.children(upstream.uniqueId)) {
        if (anchorIds.has(child.uniqueId)) continue;
        // A `select *` reader found first may still read the column explicitly through another parent.
        const known = impacts.get(child.uniqueId);
        if (known && breaks(known)) continue;
        const direct = depth === 0;
        const base = { direct, column: upstreamColumn, ...(direct ? {} : { via: upstream.uniqueId }) };
        if (child.resourceType === "test") {
          if (this.testReads(child, upstream, upstreamColumn)) {
            impacts.set(child.uniqueId, this.impact(child, { ...base, usage: ["test"], basis: "graph" }));
          }
          continue;
        }
        if (!SQL_KINDS.has(child.resourceType)) continue;
        const use = this.use(child);
        const reads = use.reads.get(upstream.uniqueId);
        // A column listed only because `select *` expanded to it is passed through, not read.
        const explicit = reads?.columns.get(upstreamColumn)?.filter((kind) => kind !== "star");
        if (explicit && explicit.length > 0) {
          impacts.set(
            child.uniqueId,
            this.impact(child, {
              ...base,
              usage: explicit,
              basis: use.basis === "compiled" ? "compiled" : "yaml",
            }),
          );
          if (mode === "removed") broken.push({ node: child, via: upstream.uniqueId });
          else {
            for (const output of use.outputs ?? []) {
              if (isCopyOf(output, upstream.uniqueId, upstreamColumn)) {
                queue.push({ node: child, column: output.name, depth: depth + 1 });
              }
            }
          }
          continue;
        }
        if (reads?.star || reads?.columns.has(upstreamColumn)) {
          // `select *` keeps building, but its output loses (or changes) the column: follow it downstream.
          if (!known) {
            impacts.set(child.uniqueId, this.impact(child, { ...base, usage: ["star"], basis: "compiled" }));
          }
          for (const output of this.outputsCarrying(use, upstream.uniqueId, upstreamColumn)) {
            queue.push({ node: child, column: output, depth: depth + 1 });
          }
        }
      }
    }
    this.addDownstream(impacts, broken, anchorIds);
    return [...impacts.values()];
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
    const visit = (node: DbtNode, nodeColumn: string, direct: boolean, via?: string) => {
      for (const child of this.children(node.uniqueId)) {
        if (
          child.resourceType === "test" &&
          child.test?.name === "not_null" &&
          this.testReads(child, node, nodeColumn)
        ) {
          guards.set(
            child.uniqueId,
            this.impact(child, {
              direct,
              column: nodeColumn,
              usage: ["test"],
              basis: "graph",
              ...(via && { via }),
            }),
          );
        }
      }
      if (node.contractEnforced && node.columns.get(nodeColumn)?.notNullConstraint) {
        guards.set(
          node.uniqueId,
          this.impact(node, {
            direct,
            column: nodeColumn,
            usage: ["contract"],
            basis: "compiled",
            ...(via && { via }),
          }),
        );
      }
    };
    for (const anchor of this.nodesFor(table)) visit(anchor, column.toLowerCase(), true);
    this.followCopies(table, column, (node, nodeColumn, _direct, via) => visit(node, nodeColumn, false, via));
    return [...guards.values()];
  }

  // -------------------------------------------------------------------------------------------

  private children(uniqueId: string): DbtNode[] {
    const ids = this.project.childMap.get(uniqueId) ?? [];
    return ids.map((id) => this.project.nodes.get(id)).filter((node): node is DbtNode => node !== undefined);
  }

  private basisOf(node: DbtNode): Impact["basis"] {
    if (!SQL_KINDS.has(node.resourceType)) return "graph";
    return this.use(node).basis === "compiled" ? "compiled" : "yaml";
  }

  private impact(
    node: DbtNode,
    fields: Pick<Impact, "direct" | "usage" | "basis"> & { column?: string; via?: string },
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
      for (const child of this.children(node.uniqueId)) {
        const known = impacts.get(child.uniqueId);
        if (anchors.has(child.uniqueId) || (known && breaks(known))) continue;
        impacts.set(
          child.uniqueId,
          this.impact(child, { direct: false, usage: ["downstream"], via: node.uniqueId, basis: "graph" }),
        );
        queue.push(child);
      }
    }
  }

  /** Does a data test read this column of this node (generic tests by metadata, others by their SQL)? */
  private testReads(test: DbtNode, upstream: DbtNode, column: string): boolean {
    const metadata = test.test;
    if (metadata) {
      const attached = metadata.attachedNode ?? test.dependsOn[0];
      const onColumn = metadata.columnName?.toLowerCase().replace(/^"|"$/g, "");
      if (attached === upstream.uniqueId && onColumn === column) return true;
      // relationships: the `field` of the `to` model.
      const field =
        typeof metadata.kwargs.field === "string" ? metadata.kwargs.field.toLowerCase() : undefined;
      if (metadata.name === "relationships" && attached !== upstream.uniqueId && field === column)
        return true;
      if (test.compiledCode === undefined) return false;
    }
    const reads = this.use(test).reads.get(upstream.uniqueId);
    return Boolean(reads?.columns.has(column));
  }

  /** Output columns of a node that carry an upstream column (by name through `*`, or computed from it). */
  private outputsCarrying(use: NodeColumnUse, upstream: string, column: string): string[] {
    if (!use.outputs) return [column];
    return use.outputs
      .filter((output) =>
        output.sources.some(
          (source) =>
            source.node === upstream &&
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
    const queue = this.nodesFor(table).map((node) => ({ node, column: column.toLowerCase(), depth: 0 }));
    for (let next = 0; next < queue.length; next++) {
      const { node, column: current, depth } = queue[next]!;
      for (const child of this.children(node.uniqueId)) {
        if (!SQL_KINDS.has(child.resourceType)) continue;
        const use = this.use(child);
        for (const output of use.outputs ?? []) {
          const copies = isCopyOf(output, node.uniqueId, current);
          const key = `${child.uniqueId}\u0000${output.name}`;
          if (!copies || seen.has(key)) continue;
          seen.add(key);
          visit(child, output.name, depth === 0, node.uniqueId);
          queue.push({ node: child, column: output.name, depth: depth + 1 });
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
    });
    this.inProgress.delete(node.uniqueId);
    this.uses.set(node.uniqueId, use);
    if (use.basis !== "compiled" && SQL_KINDS.has(node.resourceType)) this.yamlOnly.add(node.uniqueId);
    return use;
  }

  /** Known columns of a node: catalog.json, else the migrations' catalog, else its computed outputs, else YAML. */
  private columnsOf(uniqueId: string): readonly string[] | undefined {
    const node = this.project.nodes.get(uniqueId);
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
}
