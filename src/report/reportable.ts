import type { Diagnostic } from "../lint/diagnostic.js";
import { redactSecrets } from "../redact.js";
import type { Report } from "./report.js";

/**
 * The result as a report may show it: every message, help text, object name and note passed through
 * redactSecrets, so that no format (text, json, sarif, github, markdown) prints a password a migration
 * holds. Sources are left as they are (offsets point into them); a formatter that prints a source
 * line redacts that line itself.
 */
export function reportable(result: Report): Report {
  // Lenient about what a library caller leaves out (a hand-made result without notes, say).
  return {
    ...result,
    diagnostics: result.diagnostics.map(redactDiagnostic),
    ...(Array.isArray(result.notes) && { notes: result.notes.map(redactSecrets) }),
  };
}

function redactDiagnostic(diagnostic: Diagnostic): Diagnostic {
  return {
    ...diagnostic,
    message: redactSecrets(diagnostic.message),
    ...(diagnostic.help !== undefined && { help: redactSecrets(diagnostic.help) }),
    ...(diagnostic.object !== undefined && { object: redactSecrets(diagnostic.object) }),
  };
}
