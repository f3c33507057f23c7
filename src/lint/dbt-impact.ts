import type { QualifiedName } from "../catalog/model.js";
import type { DbtNode } from "../dbt/model.js";
import type { Impact } from "./diagnostic.js";

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
  /** Everything downstream of the table: direct children, then their descendants. */
  tableImpacts(table: QualifiedName): readonly Impact[];
  /**
   * What breaks when the column disappears (drop, rename): its readers, directly or through a model output
   * that carries it, and everything built on a reader that breaks.
   */
  columnImpacts(table: QualifiedName, column: string): readonly Impact[];
  /**
   * Who receives the column's values (a type change): its readers, and the readers of outputs that copy it
   * unchanged downstream. Nodes built on a reader are not listed: the reader may well still build.
   */
  valueImpacts(table: QualifiedName, column: string): readonly Impact[];
  declaredTypes(table: QualifiedName, column: string): readonly DeclaredType[];
  /** Enforced contracts on downstream model columns that carry this column unchanged. */
  contractPins(table: QualifiedName, column: string): readonly ContractPin[];
  /** not_null tests, and enforced not_null constraints, that rely on the column (directly or downstream). */
  notNullGuards(table: QualifiedName, column: string): readonly Impact[];
}
