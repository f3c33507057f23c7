import type { Severity } from "../config/config.js";
import type { ColumnUsageKind } from "../dbt/model.js";
import type { Span } from "../sql/span.js";

export type { Severity };

/** A dbt node that a finding reaches, and how. Field names are part of the JSON output: keep them stable. */
export interface Impact {
  readonly unique_id: string;
  /** dbt resource type: model, snapshot, test, exposure, seed, source, ... */
  readonly kind: string;
  readonly name: string;
  /** The relation dbt builds for it (schema.identifier), when it has one. */
  readonly relation?: string;
  /** Reads the changed object itself (direct), or through another node (transitive). */
  readonly direct: boolean;
  /** How it uses the column: select, filter, join, group, order, window, star, test, contract, documented. */
  readonly usage: readonly ColumnUsageKind[];
  /** The column of the upstream relation it uses, and the node it reads it from. */
  readonly column?: string;
  readonly via?: string;
  /** Where the knowledge comes from: the compiled SQL, or only the YAML-documented columns. */
  readonly basis: "compiled" | "yaml" | "graph";
  /**
   * What the change does to the node (absent where a finding is not about readers): see ImpactReach.
   * Only `pass-through` keeps building.
   */
  readonly reach?: ImpactReach;
  /** A pass-through model that nothing in the project reads: consumers outside dbt see its output. */
  readonly leaf?: boolean;
  /** Exposures: their type (dashboard, notebook, application, ...) and owner (`name <email>`). */
  readonly exposure_type?: string;
  readonly owner?: string;
}

/**
 * How a node is reached by a changed table or column:
 * - `reads`: its compiled SQL names the column (or reads the table): it breaks when the column goes.
 * - `pass-through`: it reaches the column only through `select *`: it keeps building, and its output loses
 *   (or retypes) the column, which matters only where something reads that output (or an exposure uses it).
 * - `test`: a data test of the column. `contract`: an enforced contract declares the column.
 * - `downstream`: built on a node that breaks, so dbt skips it.
 */
export type ImpactReach = "reads" | "pass-through" | "test" | "contract" | "downstream";

/** The impacted node stops building (or failing its test) when the change lands. */
export function breaksBuild(impact: Impact): boolean {
  return impact.reach !== "pass-through";
}

export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly messageId: string;
  readonly message: string;
  /** Path of the migration file, as shown to the user. */
  readonly file: string;
  readonly span: Span;
  /** The object it is about: schema.table or schema.table.column. */
  readonly object?: string;
  readonly impacts: readonly Impact[];
  readonly help?: string;
  /** Caused by the change under review (decides the verdict), or already in applied history. */
  readonly pending: boolean;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.span.start - b.span.start || a.rule.localeCompare(b.rule);
}
