import type { ErrorDetails } from "./json.js";
import { sarifLog, sarifUri } from "./sarif-log.js";

/**
 * A SARIF log for a run that could not check anything: no results, and the error as a tool execution
 * notification of a failed invocation, which is how SARIF says the tool did not run to the end (code
 * scanning then shows the run as failed rather than as clean).
 */
export function formatSarifError(details: ErrorDetails, version: string): string {
  const location =
    details.file === undefined
      ? undefined
      : {
          physicalLocation: {
            artifactLocation: { uri: sarifUri(details.file) },
            ...(details.line !== undefined && {
              region: {
                startLine: details.line,
                ...(details.column !== undefined && { startColumn: details.column }),
              },
            }),
          },
        };
  return sarifLog(version, {
    invocations: [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: "error",
            descriptor: { id: details.code },
            message: { text: details.hint ? `${details.message} ${details.hint}` : details.message },
            ...(location && { locations: [location] }),
          },
        ],
      },
    ],
    results: [],
  });
}
