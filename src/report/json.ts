import type { CheckResult } from "../check/check.js";
import { SourcePositions } from "./positions.js";

/**
 * The machine-readable report. Field names are a public contract read by other tools:
 * { blocked, summary: {errors, warnings, infos}, diagnostics: [{ rule, severity, message, file, line,
 * column, object, impacts: [{ unique_id, kind, ... }] }] }. Add fields; never rename or remove them.
 */
export function formatJson(result: CheckResult): string {
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
