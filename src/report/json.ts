import { SourcePositions } from "./positions.js";
import type { Report } from "./report.js";
import { reportable } from "./reportable.js";

/**
 * The machine-readable report. Field names are a public contract read by other tools:
 * { blocked, summary: {errors, warnings, infos}, diagnostics: [{ rule, severity, message, file, line,
 * column, object, impacts: [{ unique_id, kind, ... }] }] }. Add fields; never rename or remove them.
 */
export function formatJson(checked: Report): string {
  const result = reportable(checked);
  const positions = new SourcePositions(result.sources);
  const report = {
    blocked: result.blocked,
    summary: result.summary,
    diagnostics: result.diagnostics.map((diagnostic) => {
      const start = positions.start(diagnostic);
      const end = positions.end(diagnostic);
      return {
        rule: diagnostic.rule,
        severity: diagnostic.severity,
        message: diagnostic.message,
        file: diagnostic.file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        object: diagnostic.object ?? null,
        impacts: diagnostic.impacts,
        help: diagnostic.help ?? null,
        messageId: diagnostic.messageId,
        pending: diagnostic.pending,
      };
    }),
    checked: {
      dialect: result.dialect,
      migrations: result.migrationsChecked,
      statements: result.statements,
      pending: result.pendingFiles,
      excluded: result.excludedFiles,
      dbt: result.dbt ?? null,
    },
    notes: result.notes,
    warnings: result.warnings ?? [],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** What a run that ended in an error says about it, for machine-readable output. */
export interface ErrorDetails {
  /** Stable: a SchematicError's code (config-invalid, sql-parse, ...), "usage", or "internal". */
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
}

/**
 * The JSON report of a run that could not check anything: { error: { code, message, file, line,
 * column, hint } }, every field present (null when unknown). Like the report, a public contract.
 */
export function formatJsonError(details: ErrorDetails): string {
  const error = {
    code: details.code,
    message: details.message,
    file: details.file ?? null,
    line: details.line ?? null,
    column: details.column ?? null,
    hint: details.hint ?? null,
  };
  return `${JSON.stringify({ error }, null, 2)}\n`;
}
