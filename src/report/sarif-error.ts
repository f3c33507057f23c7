import type { Log } from "sarif";
import type { ErrorDetails } from "./json.js";
import { sarifUri } from "./sarif-uri.js";

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
  const sarif: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "schematic",
            version,
            informationUri: "https://github.com/schematic-sql/schematic",
          },
        },
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
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
