/**
 * The Report: what one analysis found and what every formatter (text, json, sarif, github, markdown)
 * needs to render it. `analyze` (src/check/analyze.ts) builds it; `schematic check`, the migration runner's
 * pre-flight check and library callers all hand the same Report to the same formatters.
 */
import type { Catalog } from "../catalog/model.js";
import type { DialectName } from "../dialects/dialect.js";
import type { Diagnostic } from "../lint/diagnostic.js";

export interface ReportSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface Report {
  readonly blocked: boolean;
  readonly summary: ReportSummary;
  readonly diagnostics: readonly Diagnostic[];
  /** File texts by display path, for formatters to turn offsets into lines and underline spans. */
  readonly sources: ReadonlyMap<string, string>;
  readonly dialect: DialectName;
  readonly migrationsChecked: number;
  readonly pendingFiles: readonly string[];
  /** Display paths of the files excluded by configuration or flag: neither parsed nor replayed. */
  readonly excludedFiles: readonly string[];
  readonly statements: number;
  readonly dbt?: {
    readonly manifestPath: string;
    readonly catalogPath?: string;
    readonly adapter: string;
    readonly nodes: number;
  };
  /** Context lines for the report: what was and was not checked. */
  readonly notes: readonly string[];
  /** --max-warnings, when the change has more warnings than it allows (which blocks it). */
  readonly maxWarningsExceeded?: number;
  /** Problems with the inputs that do not stop the check (a dialect the dbt adapter does not speak). */
  readonly warnings?: readonly string[];
  readonly catalog: Catalog;
}
