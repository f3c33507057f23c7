import type { Log, ReportingDescriptor, Run } from "sarif";

/**
 * A path as a SARIF artifactLocation.uri: a relative URI reference (RFC 3986) with forward slashes, each
 * segment percent-encoded, so that spaces, `#`, `?`, `%` and newlines in file names reach code scanning
 * as the file's name and not as a broken or different URI. An absolute path becomes a file:// URI.
 */
export function sarifUri(file: string): string {
  const forward = file.replace(/\\/g, "/");
  const encoded = forward.split("/").map(encodeURIComponent).join("/");
  if (/^[A-Za-z]:\//.test(forward)) return `file:///${encoded.replace(/^([A-Za-z])%3A/, "$1:")}`;
  return forward.startsWith("/") ? `file://${encoded}` : encoded;
}

/** A SARIF 2.1.0 log of one run of this tool, as text: what formatSarif and formatSarifError write. */
export function sarifLog(version: string, run: Omit<Run, "tool">, rules?: ReportingDescriptor[]): string {
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "schematic",
            version,
            informationUri: "https://github.com/schematic-sql/schematic",
            ...(rules && { rules }),
          },
        },
        ...run,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
