import type { Diagnostic } from "../lint/diagnostic.js";
import { SourcePositions } from "./positions.js";
import type { Report } from "./report.js";
import { reportable } from "./reportable.js";
import { passThroughText } from "./text.js";
import { visibleControls } from "./visible.js";

/** GitHub refuses comments and job summaries over 1 MiB (65,536 characters for a comment body). */
export const MARKDOWN_LIMIT_BYTES = 1024 * 1024;
export const MARKDOWN_COMMENT_LIMIT_CHARACTERS = 65_536;

const ICON = { error: "🛑", warning: "⚠️", info: "ℹ️" } as const;

/**
 * Text from input (messages naming models and columns, help, owners) as literal Markdown: HTML is
 * written as entities so that a model called `<b>` or `<img src=x>` is not markup in a pull-request
 * comment, `@` cannot mention anyone, Markdown's punctuation is backslash-escaped, and a newline or `|`
 * cannot end a line or a table cell.
 */
export function escapeMarkdown(text: string): string {
  return visibleControls(text)
    .replace(/[\\`*_[\]|~#!]/g, "\\$&")
    .replace(/[&<>@]/g, (char) => HTML_ENTITIES[char]!)
    .replace(/\r?\n/g, " ");
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "@": "&#64;",
};

/**
 * A code span for a name from input: fenced with more backticks than any run inside it, on one line,
 * with `|` escaped (GitHub splits table cells on it even inside code spans).
 */
export function codeSpan(text: string): string {
  const oneLine = visibleControls(text).replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padded = longestRun > 0 || oneLine.startsWith(" ") ? ` ${oneLine} ` : oneLine;
  return `${fence}${padded}${fence}`;
}

function renderFinding(diagnostic: Diagnostic, positions: SourcePositions): string {
  const start = positions.start(diagnostic);
  const lines = [
    `- ${ICON[diagnostic.severity]} **${diagnostic.severity}** \`${diagnostic.rule}\` line ${start.line}: ${escapeMarkdown(diagnostic.message)}`,
  ];
  const details: string[] = [];
  if (diagnostic.impacts.length > 0) {
    details.push("", "| impacted | kind | how |", "| --- | --- | --- |");
    for (const impact of diagnostic.impacts) {
      const use = impact.reach === "pass-through" ? passThroughText(impact) : impact.usage.join(", ");
      const via = impact.direct ? "direct" : `via ${codeSpan(impact.via ?? "upstream")}`;
      const how = `${via}: ${escapeMarkdown(use || "depends on it")}`;
      const owner = impact.owner ? ` (owner: ${escapeMarkdown(impact.owner)})` : "";
      details.push(`| ${codeSpan(impact.unique_id)} | ${escapeMarkdown(impact.kind)} | ${how}${owner} |`);
    }
  }
  if (diagnostic.help) details.push("", `**What to do:** ${escapeMarkdown(diagnostic.help)}`);
  if (details.length > 0) {
    lines.push(
      "  <details><summary>Details</summary>",
      "",
      ...details.map((line) => (line ? `  ${line}` : "")),
      "",
      "  </details>",
    );
  }
  return lines.join("\n");
}

/**
 * A pull-request comment or job summary: the verdict, a count table, then the findings grouped by
 * migration file with the impacted dbt nodes in collapsible details. Stays under `limitBytes` (a job summary
 * takes 1 MiB; pass MARKDOWN_COMMENT_LIMIT_CHARACTERS for a pull-request comment) by
 * dropping the least severe findings first and saying so.
 */
export function formatMarkdown(checked: Report, limitBytes = MARKDOWN_LIMIT_BYTES): string {
  const result = reportable(checked);
  const positions = new SourcePositions(result.sources);
  const findings = result.diagnostics.filter((diagnostic) => diagnostic.pending);
  const { errors, warnings, infos } = result.summary;
  const head = [
    result.blocked
      ? "## 🛑 Schematic: this change is blocked"
      : "## ✅ Schematic: nothing blocks this change",
    "",
    "| errors | warnings | notes | migrations under review | dbt nodes |",
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${errors} | ${warnings} | ${infos} | ${result.pendingFiles.length} | ${result.dbt?.nodes ?? "—"} |`,
    "",
  ];
  const byFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of findings) {
    // Pushed, not copied: a file with thousands of findings must not cost millions of copies.
    const list = byFile.get(diagnostic.file);
    if (list) list.push(diagnostic);
    else byFile.set(diagnostic.file, [diagnostic]);
  }
  const sections = [...byFile].map(([file, list]) =>
    [`### ${codeSpan(file)}`, "", ...list.map((d) => renderFinding(d, positions)), ""].join("\n"),
  );
  const existing = result.diagnostics.filter(
    (diagnostic) => !diagnostic.pending && diagnostic.severity !== "info",
  ).length;
  // What the reader should know beside the findings: problems with the inputs, the applied history's
  // findings (counted, never blocking), and what was and was not checked.
  const context = [
    ...(result.warnings ?? []).map((warning) => `> ⚠️ ${escapeMarkdown(warning)}`),
    ...(existing > 0
      ? [
          `> ${existing} finding${existing === 1 ? "" : "s"} in applied migrations not shown (not blocking); \`schematic check --show-existing\` lists them.`,
        ]
      : []),
    ...result.notes.map((note) => `> ${escapeMarkdown(note)}`),
  ];
  const notes = context.length > 0 ? ["", ...context] : [];
  let body = [...head, ...sections, ...notes].join("\n");
  const size = (text: string) => Buffer.byteLength(text, "utf8");
  if (size(body) <= limitBytes) return `${body}\n`;
  // Too long: keep the most severe sections whole, then say what was left out.
  const kept: string[] = [];
  let length = size(head.join("\n")) + 300;
  let dropped = 0;
  for (const section of sections) {
    if (length + size(section) > limitBytes) {
      dropped++;
      continue;
    }
    kept.push(section);
    length += size(section);
  }
  body = [
    ...head,
    ...kept,
    "",
    `> ${dropped} migration file${dropped === 1 ? "" : "s"} with findings left out to stay under GitHub's size limit: run \`schematic check --format json\` for everything.`,
  ].join("\n");
  return `${body}\n`;
}
