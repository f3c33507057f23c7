import type { QualifiedName } from "../catalog/model.js";
import type { DbtNode } from "../dbt/model.js";
import type { Span } from "../sql/span.js";
import type { Impact } from "./diagnostic.js";
import { joinList } from "./helpers.js";
import type { RuleReport } from "./rule.js";

/** A model column pinned by an enforced contract, reached from an upstream column unchanged. */
export interface ContractPin {
  readonly impact: Impact;
  /** The model's output column carrying the value. */
  readonly column: string;
  readonly dataType?: string;
  readonly notNull: boolean;
}

/** A declared type of the column itself (source/model YAML `data_type`, or the warehouse type in catalog.json). */
export interface DeclaredType {
  readonly node: string;
  readonly dataType: string;
  readonly source: "yaml" | "catalog";
}

/**
 * What the dbt project says about a physical table and its columns: the questions the dbt rules ask.
 * Implemented in src/check/dbt-impact-index.ts over the manifest, its lineage and column use.
 */
export interface DbtImpact {
  /** Sources, seeds, models and snapshots whose relation is this table. */
  nodesFor(table: QualifiedName): readonly DbtNode[];
  /** The model, seed or snapshot that dbt builds on this relation, if any. */
  builtBy(table: QualifiedName): DbtNode | undefined;
  /** A dbt node is the table, or compiled SQL reads it: the dbt rules can say something about it. */
  seesTable(table: QualifiedName): boolean;
  /**
   * The dbt relations a table the project does not see was probably meant to be (schema.name): the same
   * name in another schema first, then the closest names.
   */
  nearestRelations(table: QualifiedName): readonly string[];
  /** Everything downstream of the table: the nodes whose compiled SQL reads it, then their descendants. */
  tableImpacts(table: QualifiedName): readonly Impact[];
  /**
   * What breaks when the column disappears (drop, rename): the nodes that name it, directly or through a
   * model output that carries it (any chain of `select *`), its tests, enforced contracts that declare it,
   * and everything built on a node that breaks. Models that only pass it through `select *` are listed
   * with reach `pass-through` (they keep building; a `leaf` one loses an output column consumers see).
   */
  columnImpacts(table: QualifiedName, column: string): readonly Impact[];
  /**
   * Who receives the column's values (a type change): its readers, and the readers of outputs that copy it
   * unchanged downstream. Nodes built on a reader are not listed: the reader may well still build.
   */
  valueImpacts(table: QualifiedName, column: string): readonly Impact[];
  /**
   * The models dbt builds as views whose query reads the column (by name, or through `*` expanded when the
   * view was created), directly or through inlined ephemeral models: on a database whose views bind the
   * columns they read, DROP COLUMN and ALTER COLUMN TYPE fail while they exist.
   */
  viewsHolding(table: QualifiedName, column: string): readonly Impact[];
  declaredTypes(table: QualifiedName, column: string): readonly DeclaredType[];
  /** Enforced contracts on downstream model columns that carry this column unchanged. */
  contractPins(table: QualifiedName, column: string): readonly ContractPin[];
  /** not_null tests, and enforced not_null constraints, that rely on the column (directly or downstream). */
  notNullGuards(table: QualifiedName, column: string): readonly Impact[];
}

/**
 * The pass-through nodes whose changed output someone outside the project's models sees: a leaf model
 * (consumers outside dbt read it) and an exposure (a dashboard or application on a pass-through model).
 */
export function exposedPassThrough(impacts: readonly Impact[]): Impact[] {
  return impacts.filter(
    (impact) => impact.reach === "pass-through" && (impact.leaf === true || impact.kind === "exposure"),
  );
}

/** "model fct_wide (nothing in the project reads it) and exposure overview (on model fct_wide)" */
export function describeExposed(impacts: readonly Impact[], limit = 3): string {
  const described = impacts.slice(0, limit).map((impact) => {
    const why =
      impact.kind === "exposure"
        ? impact.via
          ? ` (on ${impact.via.split(".")[0]} ${impact.via.split(".").pop()})`
          : ""
        : " (nothing in the project reads it)";
    return `${impact.kind} ${impact.name}${why}`;
  });
  const more = impacts.length - described.length;
  return joinList(more > 0 ? [...described, `${more} more`] : described);
}

/**
 * The warning that views dbt builds hold a column the change drops or retypes (the rule's message
 * `viewsHoldColumn` takes `object`, `views`, `asViews` and `theyExist`).
 */
export function viewsHoldColumnReport(
  views: readonly Impact[],
  object: string,
  span: Span,
  limit = 3,
): RuleReport {
  const shown = views.slice(0, limit).map((view) => view.name);
  const more = views.length - shown.length;
  const one = views.length === 1;
  return {
    messageId: "viewsHoldColumn",
    data: {
      object,
      views: `${one ? "model" : "models"} ${joinList(more > 0 ? [...shown, `${more} more`] : shown)}`,
      asViews: one ? "a view" : "views",
      theyExist: one ? "it exists" : "they exist",
    },
    span,
    object,
    impacts: views,
    maxSeverity: "warning",
    help: "Have the migration drop what holds the column first (DROP VIEW …; the next `dbt run` creates it again), or let the deploy drop and rebuild dbt's views around it.",
  };
}

/** Changes to an existing relation that the dbt rules look at (creating one is not among them). */
export const ALTERING_CHANGES: ReadonlySet<string> = new Set([
  "drop_table",
  "rename_table",
  "truncate_table",
  "add_column",
  "drop_column",
  "rename_column",
  "alter_column_type",
  "set_nullability",
  "set_default",
  "add_constraint",
  "drop_constraint",
  "drop_view",
  "rename_view",
]);
