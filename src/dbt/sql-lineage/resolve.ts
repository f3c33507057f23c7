/**
 * The resolver: walks a query model and attributes every column reference to the upstream
 * relation (a parent dbt node) and column it comes from, through CTEs, aliases, subqueries,
 * joins and `*`. It produces two things:
 *
 * - reads: every upstream column the SQL touches anywhere (an unused CTE still fails when a column
 *   it names is dropped), with how it is used (select, filter, join, group, order, window, star).
 *   A reference through a CTE or subquery adds its usage to the upstream columns behind it.
 * - outputs: the query's output columns and the upstream columns each one is computed from.
 *   "Computed from" is data flow: the references in the select expression itself, not those in
 *   its window's PARTITION BY / ORDER BY (they order rows, they do not feed values).
 *
 * Pass-through convention: a source `{ node, column: "*" }` means "every column of node". When
 * `select *` reads a relation whose columns are unknown, the outputs get one entry named `*` whose
 * sources are `{ node, column: "*" }` for each such relation: the caller propagates those columns
 * under their own names.
 */

import { lookupTable } from "../../lookup-table.js";
import type { ColumnUsageKind, OutputColumn, RelationColumnUse } from "../model.js";
import type {
  ClauseItem,
  CommonTableExpression,
  Expression,
  FromItem,
  ProjectionItem,
  Query,
  QueryUsage,
  SelectQuery,
  WithClause,
} from "./query-model.js";

export interface ResolveContext {
  /** The relation (a parent, another node, a migrations' table) a written table name refers to, if any. */
  readonly relationFor: (name: readonly string[]) => string | undefined;
  /** The ephemeral parent behind a CTE named `__dbt__cte__<name>`, or undefined. */
  readonly ephemeralFor: (cteName: string) => string | undefined;
  /** Known columns of a node (lower case), or undefined when unknown. */
  readonly columnsOf: (uniqueId: string) => readonly string[] | undefined;
  /** True for the node's own relation (`{{ this }}` in an incremental model), for a clearer note. */
  readonly isSelf?: (name: readonly string[]) => boolean;
}

export interface Lineage {
  /** Parent unique_id -> columns read; includes parents referenced without reading a named column. */
  readonly reads: ReadonlyMap<string, RelationColumnUse>;
  readonly outputs: readonly OutputColumn[];
  readonly notes: readonly string[];
  readonly statistics: LineageStatistics;
}

/** Counts over every column reference in the SQL, for measuring the resolver on real projects. */
export interface LineageStatistics {
  readonly references: number;
  /** Attributed to at least one parent column. */
  readonly toParents: number;
  /** Matched no relation in scope at all. */
  readonly unresolved: number;
}

export const EPHEMERAL_CTE_PREFIX = "__dbt__cte__";

export function resolveLineage(query: Query, context: ResolveContext): Lineage {
  const resolver = new Resolver(context);
  const shape = resolver.resolveQuery(query, EMPTY_ENVIRONMENT, undefined, true);
  return {
    reads: resolver.recorder.toReads(),
    outputs: outputsOf(shape, resolver.notes),
    notes: [...resolver.notes],
    statistics: { ...resolver.statistics },
  };
}

/** An upstream column; column `*` stands for every column of the node. */
interface Source {
  readonly node: string;
  readonly column: string;
}

interface ShapeColumn {
  /** Absent for an unnamed expression: it keeps its position for set operations. */
  readonly name?: string;
  readonly sources: readonly Source[];
  /** Copies its single source unchanged (a bare column reference or a `*` expansion, at every level). */
  readonly direct?: boolean;
}

/** The columns a query or relation produces. */
interface Shape {
  readonly columns: readonly ShapeColumn[];
  /** Parents whose (unknown) columns all pass through under their own names (`select *`). */
  readonly passThrough: readonly string[];
  /** Some columns pass through from a relation that is not a parent: unknown and untraceable. */
  readonly unknownPassThrough: boolean;
}

type BoundRelation =
  | { readonly kind: "parent"; readonly node: string; readonly columns: readonly string[] | undefined }
  | { readonly kind: "derived"; readonly shape: Shape }
  /** A table that is no parent (sources empty) or a table function (sources: its arguments'). */
  | {
      readonly kind: "opaque";
      readonly description: string;
      readonly sources: readonly Source[];
      readonly columns: readonly string[] | undefined;
    };

interface Binding {
  /** The alias, when there is one: then only it can qualify a column. */
  readonly alias?: string;
  /** The written table name when unaliased; a qualifier must equal a tail of it. */
  readonly writtenName: readonly string[];
  readonly relation: BoundRelation;
}

/** The relations visible to an expression; `parent` is the enclosing query (correlated references). */
interface Scope {
  readonly bindings: readonly Binding[];
  /** Columns merged by USING / NATURAL: an unqualified reference to them is not ambiguous. */
  readonly mergedColumns: ReadonlySet<string>;
  /** The select list resolved so far: ORDER BY names and lateral column aliases resolve to it. */
  readonly outputs: ShapeColumn[];
  readonly parent?: Scope;
}

interface Environment {
  readonly ctes: ReadonlyMap<string, BoundRelation>;
  readonly parent?: Environment;
}

const EMPTY_ENVIRONMENT: Environment = { ctes: new Map() };

const EMPTY_SHAPE: Shape = { columns: [], passThrough: [], unknownPassThrough: false };

/** Snowflake's FLATTEN always returns these columns. */
const TABLE_FUNCTION_COLUMNS: Readonly<Record<string, readonly string[]>> = lookupTable({
  flatten: ["seq", "key", "path", "index", "value", "this"],
});

const USAGE_ORDER: readonly ColumnUsageKind[] = [
  "select",
  "filter",
  "join",
  "group",
  "order",
  "window",
  "star",
];

/** Accumulates reads: parent -> column -> usages, plus the parents read with `*`. */
class ReadsRecorder {
  private readonly columns = new Map<string, Map<string, Set<ColumnUsageKind>>>();
  private readonly starred = new Set<string>();

  reference(node: string): Map<string, Set<ColumnUsageKind>> {
    let columns = this.columns.get(node);
    if (columns === undefined) {
      columns = new Map();
      this.columns.set(node, columns);
    }
    return columns;
  }

  record(sources: readonly Source[], usage: ColumnUsageKind): void {
    for (const source of sources) {
      if (source.column === "*") {
        this.star(source.node);
        continue;
      }
      const columns = this.reference(source.node);
      let usages = columns.get(source.column);
      if (usages === undefined) {
        usages = new Set();
        columns.set(source.column, usages);
      }
      usages.add(usage);
    }
  }

  star(node: string): void {
    this.reference(node);
    this.starred.add(node);
  }

  toReads(): Map<string, RelationColumnUse> {
    const reads = new Map<string, RelationColumnUse>();
    for (const [node, columns] of this.columns) {
      const sorted = [...columns.entries()].sort(([left], [right]) =>
        left < right ? -1 : left > right ? 1 : 0,
      );
      reads.set(node, {
        columns: new Map(
          sorted.map(([column, usages]) => [column, USAGE_ORDER.filter((usage) => usages.has(usage))]),
        ),
        star: this.starred.has(node),
      });
    }
    return reads;
  }
}

class Resolver {
  recorder = new ReadsRecorder();
  notes = new Set<string>();
  statistics = { references: 0, toParents: 0, unresolved: 0 };

  constructor(private readonly context: ResolveContext) {}

  resolveQuery(query: Query, environment: Environment, outer: Scope | undefined, recordStar: boolean): Shape {
    const queryEnvironment =
      query.kind === "values" ? environment : this.bindWith(query.with, environment, outer);
    switch (query.kind) {
      case "select":
        return this.resolveSelect(query, queryEnvironment, outer, recordStar);
      case "set-operation": {
        const left = this.resolveQuery(query.left, queryEnvironment, outer, recordStar);
        const right = this.resolveQuery(query.right, queryEnvironment, outer, recordStar);
        const merged = this.mergeSetOperation(left, right, query.operator);
        this.resolveOutputClauses(query.clauses, merged);
        return merged;
      }
      case "values": {
        this.resolveExpression(query.expression, scopeOf([], outer), environment);
        const columns = Array.from({ length: query.width }, (_, index) => ({
          name: `column${index + 1}`,
          sources: [],
        }));
        return { ...EMPTY_SHAPE, columns };
      }
    }
  }

  // ---- WITH -------------------------------------------------------------------------------

  private bindWith(
    withClause: WithClause | undefined,
    environment: Environment,
    outer: Scope | undefined,
  ): Environment {
    if (withClause === undefined) return environment;
    // Each CTE sees the ones declared before it: it is bound only after its body is resolved.
    const ctes = new Map<string, BoundRelation>();
    const current: Environment = { ctes, parent: environment };
    for (const cte of withClause.ctes)
      ctes.set(cte.name, this.bindCte(cte, withClause.recursive, current, outer));
    return current;
  }

  private bindCte(
    cte: CommonTableExpression,
    recursive: boolean,
    environment: Environment,
    outer: Scope | undefined,
  ): BoundRelation {
    if (cte.name.startsWith(EPHEMERAL_CTE_PREFIX)) return this.bindEphemeralCte(cte, environment, outer);
    if (recursive && cte.query.kind === "set-operation") {
      // WITH RECURSIVE r AS (base UNION ALL step): the step sees r with the base's columns.
      const base = renameColumns(
        this.resolveQuery(cte.query.left, environment, outer, true),
        cte.columnAliases,
      );
      const withSelf: Environment = {
        ctes: new Map([...environment.ctes, [cte.name, { kind: "derived", shape: base }]]),
        parent: environment.parent,
      };
      const step = this.resolveQuery(cte.query.right, withSelf, outer, true);
      return {
        kind: "derived",
        shape: renameColumns(this.mergeSetOperation(base, step, cte.query.operator), cte.columnAliases),
      };
    }
    return {
      kind: "derived",
      shape: renameColumns(this.resolveQuery(cte.query, environment, outer, true), cte.columnAliases),
    };
  }

  /**
   * dbt inlines an ephemeral model as a CTE `__dbt__cte__<name>`. Its body reads the ephemeral
   * model's own parents, not this node's, so its reads are not ours: references to the CTE are reads
   * of the ephemeral parent, and the body is only resolved (silently) to learn its column names.
   */
  private bindEphemeralCte(
    cte: CommonTableExpression,
    environment: Environment,
    outer: Scope | undefined,
  ): BoundRelation {
    const shape = this.silently(() =>
      renameColumns(this.resolveQuery(cte.query, environment, outer, true), cte.columnAliases),
    );
    const node = this.context.ephemeralFor(cte.name.slice(EPHEMERAL_CTE_PREFIX.length));
    if (node === undefined) return { kind: "derived", shape };
    const bodyColumns =
      shape.passThrough.length === 0 && !shape.unknownPassThrough ? namesOf(shape) : undefined;
    return { kind: "parent", node, columns: this.context.columnsOf(node) ?? bodyColumns };
  }

  private silently<T>(work: () => T): T {
    const { recorder, notes, statistics } = this;
    this.recorder = new ReadsRecorder();
    this.notes = new Set();
    this.statistics = { references: 0, toParents: 0, unresolved: 0 };
    try {
      return work();
    } finally {
      this.recorder = recorder;
      this.notes = notes;
      this.statistics = statistics;
    }
  }

  // ---- SELECT -----------------------------------------------------------------------------

  private resolveSelect(
    select: SelectQuery,
    environment: Environment,
    outer: Scope | undefined,
    recordStar: boolean,
  ): Shape {
    const bindings: Binding[] = [];
    const mergedColumns = new Set<string>();
    for (const item of select.from) this.bindFromItem(item, environment, outer, bindings, mergedColumns);
    const scope: Scope = { bindings, mergedColumns, outputs: [], ...(outer ? { parent: outer } : {}) };

    const passThrough: string[] = [];
    let unknownPassThrough = false;
    for (const item of select.projection) {
      if (item.kind === "expression") {
        const sources = this.resolveExpression(item.expression, scope, environment);
        scope.outputs.push({
          ...(item.name ? { name: item.name } : {}),
          sources,
          ...(item.bare &&
            sources.length === 1 &&
            this.copiesUnchanged(item.expression, scope) && { direct: true }),
        });
        continue;
      }
      const expanded = this.expandStar(item, scope, recordStar);
      scope.outputs.push(...expanded.columns);
      passThrough.push(...expanded.passThrough.filter((node) => !passThrough.includes(node)));
      unknownPassThrough ||= expanded.unknownPassThrough;
    }
    const shape: Shape = { columns: scope.outputs, passThrough, unknownPassThrough };
    for (const clause of select.clauses) {
      if (clause.position !== undefined) this.resolvePosition(clause, shape);
      else this.resolveExpression(clause.expression, scope, environment);
    }
    return shape;
  }

  /** Binds a FROM item (recursively for joins); returns the bindings it added, in order. */
  private bindFromItem(
    item: FromItem,
    environment: Environment,
    outer: Scope | undefined,
    bindings: Binding[],
    mergedColumns: Set<string>,
  ): Binding[] {
    switch (item.kind) {
      case "table": {
        const binding = this.bindTable(item.name, item.alias, item.columnAliases, environment);
        bindings.push(binding);
        return [binding];
      }
      case "subquery": {
        // LATERAL sees the items before it; a plain subquery only the enclosing query.
        const subqueryOuter = item.lateral ? scopeOf([...bindings], outer) : outer;
        const shape = renameColumns(
          this.resolveQuery(item.query, environment, subqueryOuter, true),
          item.columnAliases,
        );
        const binding: Binding = {
          ...(item.alias ? { alias: item.alias } : {}),
          writtenName: item.alias ? [item.alias] : [],
          relation: { kind: "derived", shape },
        };
        bindings.push(binding);
        return [binding];
      }
      case "table-function": {
        const sources = this.resolveExpression(item.arguments, scopeOf([...bindings], outer), environment);
        const columns = item.columnAliases ?? TABLE_FUNCTION_COLUMNS[item.functionName];
        const binding: Binding = {
          ...(item.alias ? { alias: item.alias } : {}),
          writtenName: item.alias ? [item.alias] : [item.functionName],
          relation: { kind: "opaque", description: `${item.functionName}(...)`, sources, columns },
        };
        bindings.push(binding);
        return [binding];
      }
      case "join": {
        const left = this.bindFromItem(item.left, environment, outer, bindings, mergedColumns);
        const right = this.bindFromItem(item.right, environment, outer, bindings, mergedColumns);
        const joinScope: Scope = {
          bindings: [...left, ...right],
          mergedColumns,
          outputs: [],
          ...(outer ? { parent: outer } : {}),
        };
        const using = item.natural ? this.naturalJoinColumns(left, right) : (item.using ?? []);
        for (const column of using) {
          mergedColumns.add(column);
          // a side that is itself a USING join holds the column twice, merged: not ambiguous
          this.recorder.record(this.lookupUnqualifiedIn(left, column, mergedColumns), "join");
          this.recorder.record(this.lookupUnqualifiedIn(right, column, mergedColumns), "join");
        }
        if (item.on) this.resolveExpression(item.on, joinScope, environment);
        return [...left, ...right];
      }
    }
  }

  private bindTable(
    name: readonly string[],
    alias: string | undefined,
    columnAliases: readonly string[] | undefined,
    environment: Environment,
  ): Binding {
    const aliasPart = alias ? { alias } : {};
    // Qualifiers and CTE names compare case-insensitively, like columns; the relation itself by its stored name.
    const writtenName = name.map((part) => part.toLowerCase());
    const cte =
      writtenName.length === 1 && writtenName[0] !== undefined
        ? lookupCte(environment, writtenName[0])
        : undefined;
    if (cte !== undefined) {
      if (cte.kind === "parent") this.recorder.reference(cte.node);
      return { ...aliasPart, writtenName, relation: withColumnAliases(cte, columnAliases) };
    }
    const node = this.context.relationFor(name);
    if (node === undefined) {
      this.notes.add(
        this.context.isSelf?.(name)
          ? `${name.join(".")} is this node's own relation ({{ this }}): its columns were not attributed`
          : `${name.join(".")} is no relation the project or the migrations know: its columns were not attributed`,
      );
      return {
        ...aliasPart,
        writtenName,
        relation: { kind: "opaque", description: name.join("."), sources: [], columns: undefined },
      };
    }
    this.recorder.reference(node);
    const relation: BoundRelation = { kind: "parent", node, columns: this.context.columnsOf(node) };
    if (columnAliases !== undefined && relation.columns === undefined) {
      this.notes.add(`${name.join(".")} has column aliases but unknown columns: the aliases were not mapped`);
    }
    return { ...aliasPart, writtenName, relation: withColumnAliases(relation, columnAliases) };
  }

  private naturalJoinColumns(left: readonly Binding[], right: readonly Binding[]): string[] {
    const leftNames = left.flatMap((binding) => knownColumnNames(binding.relation) ?? []);
    const rightNames = new Set(right.flatMap((binding) => knownColumnNames(binding.relation) ?? []));
    if ([...left, ...right].some((binding) => knownColumnNames(binding.relation) === undefined)) {
      this.notes.add(
        "NATURAL JOIN over a relation with unknown columns: its join columns could not be listed",
      );
    }
    return [...new Set(leftNames.filter((name) => rightNames.has(name)))];
  }

  // ---- expressions ------------------------------------------------------------------------

  /** Records every reference of the expression; returns the sources its value is computed from. */
  private resolveExpression(expression: Expression, scope: Scope, environment: Environment): Source[] {
    const dataFlow: Source[] = [];
    for (const reference of expression.references) {
      const sources = this.resolveReference(reference.path, reference.usage, scope);
      this.statistics.references++;
      if (sources.length > 0) this.statistics.toParents++;
      this.recorder.record(sources, reference.usage);
      if (reference.usage === "select") dataFlow.push(...sources);
    }
    for (const subquery of expression.subqueries) {
      const shape = this.resolveQuery(subquery.query, environment, scope, subquery.kind === "value");
      if (subquery.kind === "exists") continue;
      const first = shape.columns[0]?.sources ?? shape.passThrough.map((node) => ({ node, column: "*" }));
      this.recorder.record(first, subquery.usage);
      if (subquery.usage === "select") dataFlow.push(...first);
    }
    return uniqueSources(dataFlow);
  }

  /**
   * Whether a bare column reference copies its value unchanged all the way up: it binds to a parent
   * relation, or to a derived column (CTE, subquery) that is itself such a copy.
   */
  private copiesUnchanged(expression: Expression, scope: Scope): boolean {
    const [reference] = expression.references;
    if (expression.references.length !== 1 || expression.subqueries.length > 0 || reference === undefined)
      return false;
    const column = reference.path[reference.path.length - 1]!;
    const qualifier = reference.path.slice(0, -1);
    const binding =
      qualifier.length > 0
        ? findQualified(qualifier, scope)
        : scope.bindings.find((candidate) => lookupColumn(candidate.relation, column).kind !== "no");
    if (binding === undefined) return false;
    if (binding.relation.kind === "parent") return true;
    if (binding.relation.kind !== "derived") return false;
    const matches = columnsNamed(binding.relation.shape, column);
    if (matches.length === 0) return binding.relation.shape.passThrough.length > 0;
    return matches.length === 1 && matches[0]!.direct === true;
  }

  private resolveReference(path: readonly string[], usage: QueryUsage, scope: Scope): Source[] {
    const [first] = path;
    if (first === undefined) return [];
    if (path.length === 1) return this.resolveUnqualified(first, usage, scope);
    // Longest qualifier first: `s.t.c` is schema s, table t, column c before it is column t's field c of s.
    for (let split = path.length - 1; split >= 1; split--) {
      const binding = findQualified(path.slice(0, split), scope);
      const column = path[split];
      if (binding === undefined || column === undefined) continue;
      if (column === "*") return this.wholeRow(binding);
      const lookup = lookupColumn(binding.relation, column);
      if (lookup.kind === "no")
        this.notes.add(`column ${column} is not among the known columns of ${describe(binding)}`);
      return [...lookup.sources];
    }
    // No relation is called that: a struct or record field of a column (BigQuery `rec.field`).
    return this.resolveUnqualified(first, usage, scope);
  }

  private resolveUnqualified(name: string, usage: QueryUsage, scope: Scope): Source[] {
    // ORDER BY prefers an output column name over an input column (PostgreSQL and the SQL standard).
    const orderTarget = usage === "order" ? outputNamed(scope, name) : undefined;
    if (orderTarget !== undefined) return [...orderTarget.sources];
    for (let current: Scope | undefined = scope; current !== undefined; current = current.parent) {
      const found = this.lookupInScope(name, current);
      if (found !== undefined) return found;
      if (current === scope) {
        // Lateral column alias (Snowflake, BigQuery, Redshift) or GROUP BY / HAVING on an output name.
        const output = outputNamed(current, name);
        if (output !== undefined) return [...output.sources];
      }
      const wholeRow = current.bindings.find(
        (binding) => (binding.alias ?? binding.writtenName[binding.writtenName.length - 1]) === name,
      );
      if (wholeRow !== undefined) return this.wholeRow(wholeRow);
    }
    return this.unresolved(name, scope);
  }

  /**
   * An unqualified name against one query level: the relations known to have it win (valid SQL has
   * exactly one, or a USING/NATURAL-merged column); else those whose columns are unknown could.
   */
  private lookupInScope(name: string, scope: Scope): Source[] | undefined {
    const lookups = scope.bindings.map((binding) => ({
      binding,
      lookup: lookupColumn(binding.relation, name),
    }));
    for (const kind of ["yes", "maybe"] as const) {
      const candidates = lookups.filter((entry) => entry.lookup.kind === kind);
      if (candidates.length === 0) continue;
      if (candidates.length > 1 && !scope.mergedColumns.has(name)) {
        const names = candidates.map((entry) => describe(entry.binding)).join(", ");
        this.notes.add(`column ${name} is ambiguous between ${names}: attributed to each`);
      }
      return uniqueSources(candidates.flatMap((entry) => entry.lookup.sources));
    }
    return undefined;
  }

  private lookupUnqualifiedIn(
    bindings: readonly Binding[],
    name: string,
    mergedColumns: ReadonlySet<string>,
  ): Source[] {
    return (
      this.lookupInScope(name, { bindings, mergedColumns, outputs: [] }) ??
      this.unresolved(name, scopeOf(bindings, undefined))
    );
  }

  /**
   * No relation in any scope has the name. Known columns can be stale (a catalog older than the SQL)
   * or partial (YAML documents some columns only), so the parents the innermost query reads directly
   * are the likeliest owners: attribute it to each of them rather than lose the read.
   */
  private unresolved(name: string, scope: Scope): Source[] {
    const parents = scope.bindings.flatMap((binding) =>
      binding.relation.kind === "parent" ? [binding.relation.node] : [],
    );
    this.statistics.unresolved++;
    if (parents.length === 0) {
      this.notes.add(`column ${name} could not be attributed to any relation`);
      return [];
    }
    this.notes.add(
      `column ${name} is not among the known columns of ${parents.join(", ")}: attributed to ${parents.length === 1 ? "it" : "each"} anyway`,
    );
    return parents.map((node) => ({ node, column: name }));
  }

  /** `t.*` inside an expression, or a bare relation name (`to_jsonb(t)`): every column of it. */
  private wholeRow(binding: Binding): Source[] {
    const relation = binding.relation;
    switch (relation.kind) {
      case "parent":
        return [{ node: relation.node, column: "*" }];
      case "derived":
        return uniqueSources([
          ...relation.shape.columns.flatMap((column) => column.sources),
          ...relation.shape.passThrough.map((node) => ({ node, column: "*" })),
        ]);
      case "opaque":
        return [...relation.sources];
    }
  }

  // ---- projection -------------------------------------------------------------------------

  private expandStar(
    item: Extract<ProjectionItem, { kind: "star" }>,
    scope: Scope,
    recordStar: boolean,
  ): Shape {
    const targets = item.qualifier ? [findQualified(item.qualifier, scope)] : scope.bindings;
    const except = new Set(item.except ?? []);
    const columns: ShapeColumn[] = [];
    const passThrough: string[] = [];
    let unknownPassThrough = false;
    for (const binding of targets) {
      if (binding === undefined) {
        this.notes.add(`${item.qualifier?.join(".")}.* names no relation in scope`);
        continue;
      }
      const relation = binding.relation;
      if (relation.kind === "parent") {
        if (recordStar) {
          this.recorder.star(relation.node);
          // EXCLUDE (x) fails when x is gone: the excluded columns are read too.
          this.recorder.record(
            [...except].map((column) => ({ node: relation.node, column })),
            "star",
          );
        }
        if (relation.columns === undefined) {
          passThrough.push(relation.node);
          continue;
        }
        const sources = relation.columns.map((column) => ({ node: relation.node, column }));
        if (recordStar) this.recorder.record(sources, "star");
        columns.push(...sources.map((source) => ({ name: source.column, sources: [source], direct: true })));
      } else if (relation.kind === "derived") {
        columns.push(...relation.shape.columns);
        passThrough.push(...relation.shape.passThrough);
        unknownPassThrough ||= relation.shape.unknownPassThrough;
      } else if (relation.columns !== undefined) {
        columns.push(...relation.columns.map((name) => ({ name, sources: relation.sources })));
      } else {
        this.notes.add(`* over ${relation.description}: its columns are unknown`);
        unknownPassThrough = true;
      }
    }
    if (except.size > 0 && (passThrough.length > 0 || unknownPassThrough)) {
      this.notes.add(
        `* EXCLUDE/EXCEPT over relations with unknown columns: ${[...except].join(", ")} may still be listed as passed through`,
      );
    }
    const kept = columns.filter((column) => column.name === undefined || !except.has(column.name));
    return {
      columns: item.qualifier ? kept : mergeUsingColumns(kept, scope.mergedColumns),
      passThrough: [...new Set(passThrough)],
      unknownPassThrough,
    };
  }

  /** GROUP BY 2 / ORDER BY 1: the select item at that position, when positions are certain. */
  private resolvePosition(clause: ClauseItem, shape: Shape): void {
    const position = clause.position ?? 0;
    const column =
      shape.passThrough.length === 0 && !shape.unknownPassThrough ? shape.columns[position - 1] : undefined;
    if (column === undefined) {
      this.notes.add(
        `${clause.usage === "group" ? "GROUP" : "ORDER"} BY ${position}: the select item at that position is not known`,
      );
      return;
    }
    this.recorder.record(column.sources, clause.usage);
  }

  /** ORDER BY of a set operation: output names or positions of the combined result. */
  private resolveOutputClauses(clauses: readonly ClauseItem[], shape: Shape): void {
    for (const clause of clauses) {
      if (clause.position !== undefined) {
        this.resolvePosition(clause, shape);
        continue;
      }
      for (const reference of clause.expression.references) {
        const name = reference.path[reference.path.length - 1];
        const column = shape.columns.find((candidate) => candidate.name === name);
        if (column !== undefined) this.recorder.record(column.sources, reference.usage);
        else if (shape.passThrough.length > 0 && name !== undefined)
          this.recorder.record(
            shape.passThrough.map((node) => ({ node, column: name })),
            reference.usage,
          );
      }
    }
  }

  private mergeSetOperation(left: Shape, right: Shape, operator: string): Shape {
    const widthsKnown =
      left.passThrough.length === 0 &&
      right.passThrough.length === 0 &&
      !left.unknownPassThrough &&
      !right.unknownPassThrough;
    if (!widthsKnown)
      this.notes.add(
        `${operator.toUpperCase()} over * of relations with unknown columns: columns matched by position as far as known`,
      );
    else if (left.columns.length !== right.columns.length) {
      this.notes.add(
        `${operator.toUpperCase()} arms have ${left.columns.length} and ${right.columns.length} columns`,
      );
    }
    const columns = left.columns.map((column, index) => ({
      ...(column.name !== undefined ? { name: column.name } : {}),
      sources: uniqueSources([...column.sources, ...(right.columns[index]?.sources ?? [])]),
    }));
    return {
      columns,
      passThrough: [...new Set([...left.passThrough, ...right.passThrough])],
      unknownPassThrough: left.unknownPassThrough || right.unknownPassThrough,
    };
  }
}

// ---- pure helpers ---------------------------------------------------------------------------

function scopeOf(bindings: readonly Binding[], parent: Scope | undefined): Scope {
  return { bindings, mergedColumns: new Set(), outputs: [], ...(parent ? { parent } : {}) };
}

function lookupCte(environment: Environment, name: string): BoundRelation | undefined {
  for (let current: Environment | undefined = environment; current !== undefined; current = current.parent) {
    const relation = current.ctes.get(name);
    if (relation !== undefined) return relation;
  }
  return undefined;
}

type Lookup = { readonly kind: "yes" | "maybe" | "no"; readonly sources: readonly Source[] };

/**
 * Whether a relation has a column. "no" from a parent still carries the source: a catalog older
 * than the SQL is likelier than SQL that does not run.
 */
function lookupColumn(relation: BoundRelation, name: string): Lookup {
  switch (relation.kind) {
    case "parent": {
      const sources = [{ node: relation.node, column: name }];
      if (relation.columns === undefined) return { kind: "maybe", sources };
      return { kind: hasName(relation.columns, name) ? "yes" : "no", sources };
    }
    case "derived": {
      const matches = columnsNamed(relation.shape, name);
      if (matches.length > 0)
        return { kind: "yes", sources: uniqueSources(matches.flatMap((column) => column.sources)) };
      if (relation.shape.passThrough.length > 0)
        return { kind: "maybe", sources: relation.shape.passThrough.map((node) => ({ node, column: name })) };
      return { kind: relation.shape.unknownPassThrough ? "maybe" : "no", sources: [] };
    }
    case "opaque":
      if (relation.columns === undefined) return { kind: "maybe", sources: relation.sources };
      return { kind: hasName(relation.columns, name) ? "yes" : "no", sources: relation.sources };
  }
}

/**
 * Name lookups are indexed once per column list / shape: a wide relation (hundreds of columns)
 * referenced hundreds of times must not cost their product. Shapes are complete when first looked up.
 */
const nameSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const shapeIndexes = new WeakMap<Shape, ReadonlyMap<string, readonly ShapeColumn[]>>();

function hasName(columns: readonly string[], name: string): boolean {
  let names = nameSets.get(columns);
  if (names === undefined) {
    names = new Set(columns);
    nameSets.set(columns, names);
  }
  return names.has(name);
}

function columnsNamed(shape: Shape, name: string): readonly ShapeColumn[] {
  let index = shapeIndexes.get(shape);
  if (index === undefined) {
    const byName = new Map<string, ShapeColumn[]>();
    for (const column of shape.columns) {
      if (column.name === undefined) continue;
      const named = byName.get(column.name);
      if (named === undefined) byName.set(column.name, [column]);
      else named.push(column);
    }
    index = byName;
    shapeIndexes.set(shape, index);
  }
  return index.get(name) ?? [];
}

function findQualified(qualifier: readonly string[], scope: Scope): Binding | undefined {
  for (let current: Scope | undefined = scope; current !== undefined; current = current.parent) {
    const binding = current.bindings.find((candidate) => qualifies(candidate, qualifier));
    if (binding !== undefined) return binding;
  }
  return undefined;
}

/** `t.c` qualifies an unaliased `schema.t`; once aliased, only the alias does (as in PostgreSQL). */
function qualifies(binding: Binding, qualifier: readonly string[]): boolean {
  if (binding.alias !== undefined) return qualifier.length === 1 && qualifier[0] === binding.alias;
  const written = binding.writtenName;
  if (qualifier.length === 0 || qualifier.length > written.length) return false;
  const offset = written.length - qualifier.length;
  return qualifier.every((part, index) => written[offset + index] === part);
}

function outputNamed(scope: Scope, name: string): ShapeColumn | undefined {
  return scope.outputs.find((column) => column.name === name);
}

function describe(binding: Binding): string {
  const relation = binding.relation;
  if (relation.kind === "parent") return relation.node;
  if (relation.kind === "opaque") return relation.description;
  return binding.alias ?? (binding.writtenName.join(".") || "a subquery");
}

function knownColumnNames(relation: BoundRelation): readonly string[] | undefined {
  if (relation.kind === "derived")
    return relation.shape.passThrough.length > 0 || relation.shape.unknownPassThrough
      ? undefined
      : namesOf(relation.shape);
  return relation.columns;
}

function namesOf(shape: Shape): string[] {
  return shape.columns.map((column) => column.name).filter((name): name is string => name !== undefined);
}

function renameColumns(shape: Shape, aliases: readonly string[] | undefined): Shape {
  if (aliases === undefined || aliases.length === 0) return shape;
  return {
    ...shape,
    columns: shape.columns.map((column, index) => ({
      ...column,
      ...(aliases[index] !== undefined ? { name: aliases[index] } : {}),
    })),
  };
}

/** `from t as x(a, b)`: a parent with known columns becomes a derived relation with the new names. */
function withColumnAliases(relation: BoundRelation, aliases: readonly string[] | undefined): BoundRelation {
  if (aliases === undefined || aliases.length === 0) return relation;
  if (relation.kind === "derived") return { kind: "derived", shape: renameColumns(relation.shape, aliases) };
  if (relation.columns === undefined) return relation;
  const columns = relation.columns.map((column) => ({
    name: column,
    sources: relation.kind === "parent" ? [{ node: relation.node, column }] : relation.sources,
  }));
  return { kind: "derived", shape: renameColumns({ ...EMPTY_SHAPE, columns }, aliases) };
}

/** `select * from a join b using (k)` lists k once; its value comes from both sides. */
function mergeUsingColumns(columns: readonly ShapeColumn[], merged: ReadonlySet<string>): ShapeColumn[] {
  if (merged.size === 0) return [...columns];
  const result: ShapeColumn[] = [];
  const firstIndex = new Map<string, number>();
  for (const column of columns) {
    const name = column.name;
    const existing = name !== undefined && merged.has(name) ? firstIndex.get(name) : undefined;
    const target = existing !== undefined ? result[existing] : undefined;
    if (target !== undefined) {
      result[existing as number] = {
        ...target,
        sources: uniqueSources([...target.sources, ...column.sources]),
      };
      continue;
    }
    if (name !== undefined && merged.has(name)) firstIndex.set(name, result.length);
    result.push(column);
  }
  return result;
}

function uniqueSources(sources: readonly Source[]): Source[] {
  const seen = new Set<string>();
  const unique: Source[] = [];
  for (const source of sources) {
    const key = `${source.node}\u0000${source.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(source);
  }
  return unique;
}

/** The node's outputs: named columns (duplicates merged) and one `*` entry for pass-through parents. */
function outputsOf(shape: Shape, notes: Set<string>): OutputColumn[] {
  const byName = new Map<string, { sources: Source[]; direct: boolean; count: number }>();
  for (const column of shape.columns) {
    if (column.name === undefined) continue;
    const previous = byName.get(column.name);
    byName.set(column.name, {
      sources: uniqueSources([...(previous?.sources ?? []), ...column.sources]),
      direct: (previous?.direct ?? true) && column.direct === true,
      count: (previous?.count ?? 0) + 1,
    });
  }
  // A name produced twice (a join's two `*`) is a copy only if it is one copy.
  const outputs: OutputColumn[] = [...byName].map(([name, { sources, direct, count }]) => ({
    name,
    sources,
    direct: direct && count === 1 && sources.length === 1,
  }));
  if (shape.passThrough.length > 0)
    outputs.push({ name: "*", sources: shape.passThrough.map((node) => ({ node, column: "*" })) });
  if (shape.unknownPassThrough)
    notes.add("some output columns come from * over a relation with unknown columns and are not listed");
  return outputs;
}
