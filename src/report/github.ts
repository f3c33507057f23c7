import { SEVERITY_RANK } from "../lint/diagnostic.js";
import { SourcePositions } from "./positions.js";
import type { Report } from "./report.js";
import { reportable } from "./reportable.js";
import { visibleControls } from "./visible.js";

/** GitHub shows at most this many annotations of each level per step; the rest are dropped silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

function escapeData(text: string): string {
  // The Actions log renders ANSI escapes: control characters from input are shown, never obeyed.
  return visibleControls(text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export interface GithubOptions {
  /**
   * Turns a report path into a path relative to the repository root, which annotations need to land on
   * the file in a pull request; report paths (relative to the working directory) when absent.
   */
  readonly repoRelative?: (file: string) => string;
}

/**
 * GitHub Actions workflow commands: one annotation per finding of the change under review, most severe
 * first, 10 of each level (GitHub's limit per step); what does not fit is counted on a plain log line.
 */
export function formatGithub(checked: Report, options: GithubOptions = {}): string {
  const result = reportable(checked);
  const repoRelative = options.repoRelative ?? ((file: string) => file);
  const positions = new SourcePositions(result.sources);
  const findings = result.diagnostics
    .filter((diagnostic) => diagnostic.pending)
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.file.localeCompare(b.file) ||
        a.span.start - b.span.start,
    );
  const shown = new Map<string, number>();
  const hidden = new Map<string, number>();
  const lines: string[] = [];
  for (const diagnostic of findings) {
    const count = shown.get(diagnostic.severity) ?? 0;
    if (count >= ANNOTATIONS_PER_LEVEL) {
      hidden.set(diagnostic.severity, (hidden.get(diagnostic.severity) ?? 0) + 1);
      continue;
    }
    shown.set(diagnostic.severity, count + 1);
    const start = positions.start(diagnostic);
    const end = positions.end(diagnostic);
    const properties = [
      `file=${escapeProperty(repoRelative(diagnostic.file))}`,
      `line=${start.line}`,
      `endLine=${end.line}`,
      ...(start.line === end.line ? [`col=${start.column}`, `endColumn=${end.column}`] : []),
      `title=${escapeProperty(`schematic ${diagnostic.rule}`)}`,
    ].join(",");
    const impacts =
      diagnostic.impacts.length > 0
        ? `\nImpacted: ${diagnostic.impacts
            .slice(0, 8)
            .map((impact) => impact.unique_id)
            .join(", ")}${diagnostic.impacts.length > 8 ? `, and ${diagnostic.impacts.length - 8} more` : ""}`
        : "";
    const help = diagnostic.help ? `\n${diagnostic.help}` : "";
    lines.push(
      `::${COMMAND[diagnostic.severity]} ${properties}::${escapeData(`${diagnostic.message}${impacts}${help}`)}`,
    );
  }
  const overflow = [...hidden].map(
    ([severity, count]) =>
      `${count} more ${severity === "info" ? "notice" : severity}${count === 1 ? "" : "s"}`,
  );
  if (overflow.length > 0) {
    lines.push(
      `schematic: ${overflow.join(" and ")} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level); see the job summary or --format markdown.`,
    );
  }
  for (const warning of result.warnings ?? [])
    lines.push(`::warning title=schematic::${escapeData(warning)}`);
  // What was and was not checked (no dbt project, column use from YAML only): a run that skipped the dbt
  // checks must not look like one that passed them.
  for (const note of result.notes) lines.push(`::notice title=schematic::${escapeData(note)}`);
  const { errors, warnings } = result.summary;
  lines.push(
    `schematic: ${result.blocked ? "blocked" : "passed"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}.`,
  );
  return `${lines.join("\n")}\n`;
}
