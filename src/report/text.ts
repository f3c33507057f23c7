import type { Diagnostic, Impact } from "../lint/diagnostic.js";
import { lookupTable } from "../lookup-table.js";
import { redactSecrets } from "../redact.js";
import { SourcePositions } from "./positions.js";
import type { Report } from "./report.js";
import { reportable } from "./reportable.js";
import { visibleControls } from "./visible.js";

export interface TextOptions {
  readonly color: boolean;
  /** List the findings in applied migrations (--show-existing); by default one line counts them. */
  readonly showExisting?: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, cyan: 36, green: 32, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function painter(enabled: boolean) {
  return (style: Style, text: string) => (enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

/** Usage words as a reader of the report says them. */
const USAGE_TEXT: Readonly<Record<string, string>> = lookupTable({
  star: "select *",
  documented: "documented in YAML",
});

/** What a pass-through node (it reaches the column only through `select *`) still does. */
export function passThroughText(impact: Impact): string {
  if (impact.kind === "exposure") return "uses a model that passes it through";
  return impact.leaf ? "passes it through select *, nothing reads its output" : "passes it through select *";
}

function describeImpact(impact: Impact): string {
  const how =
    impact.reach === "pass-through"
      ? passThroughText(impact)
      : impact.usage.length > 0
        ? impact.usage.map((usage) => USAGE_TEXT[usage] ?? usage).join(", ")
        : "depends on it";
  const path = impact.direct
    ? "direct"
    : `via ${impact.via ?? "upstream"}${impact.column ? `.${impact.column}` : ""}`;
  const basis = impact.basis === "yaml" ? ", from YAML only" : "";
  const exposure = [impact.exposure_type, impact.owner && `owned by ${impact.owner}`]
    .filter(Boolean)
    .join(" ");
  return `${impact.unique_id} (${path}: ${how}${basis}${exposure ? `; ${exposure}` : ""})`;
}

/**
 * Compiler-style output: the finding, where it is, the source line with the span underlined, who is
 * impacted and what to do. Findings from applied history come last: one line counting them, or (with
 * showExisting) one line each, as context.
 */
export function formatText(checked: Report, options: TextOptions): string {
  const result = shownOnTerminal(reportable(checked));
  const paint = painter(options.color);
  const positions = new SourcePositions(result.sources);
  const lines: string[] = [];
  const pending = result.diagnostics.filter(
    (diagnostic) => diagnostic.pending && diagnostic.severity !== "info",
  );
  const infos = result.diagnostics.filter(
    (diagnostic) => diagnostic.pending && diagnostic.severity === "info",
  );
  const existing = result.diagnostics.filter(
    (diagnostic) => !diagnostic.pending && diagnostic.severity !== "info",
  );

  const sourceLines = new ShownLines(positions);
  for (const diagnostic of pending)
    lines.push(...renderDiagnostic(diagnostic, positions, sourceLines, paint), "");
  for (const diagnostic of infos) {
    const start = positions.start(diagnostic);
    lines.push(
      `${paint("blue", "info")}[${diagnostic.rule}]: ${diagnostic.message} ${paint("dim", `(${visibleControls(diagnostic.file)}:${start.line})`)}`,
    );
  }
  if (infos.length > 0) lines.push("");
  if (existing.length > 0 && options.showExisting) {
    lines.push(paint("dim", `Existing findings in applied migrations (not blocking): ${existing.length}`));
    for (const diagnostic of existing) {
      const start = positions.start(diagnostic);
      lines.push(
        paint(
          "dim",
          `  ${visibleControls(diagnostic.file)}:${start.line}:${start.column} ${diagnostic.severity}[${diagnostic.rule}] ${diagnostic.message}`,
        ),
      );
    }
    lines.push("");
  } else if (existing.length > 0) {
    const them =
      existing.length === 1
        ? "finding in applied migrations not shown (not blocking); --show-existing lists it"
        : "findings in applied migrations not shown (not blocking); --show-existing lists them";
    lines.push(paint("dim", `${existing.length} ${them}.`), "");
  }
  for (const warning of result.warnings ?? []) lines.push(paint("yellow", `warning: ${warning}`));
  for (const note of result.notes) lines.push(paint("dim", `note: ${note}`));

  const { errors, warnings } = result.summary;
  const scope =
    result.pendingFiles.length === result.migrationsChecked
      ? `${result.migrationsChecked} migration${result.migrationsChecked === 1 ? "" : "s"}`
      : `${result.pendingFiles.length} pending of ${result.migrationsChecked} migrations`;
  const dbt = result.dbt ? `, against ${result.dbt.nodes} dbt nodes` : "";
  const limit =
    result.maxWarningsExceeded === undefined
      ? ""
      : ` (more than --max-warnings ${result.maxWarningsExceeded})`;
  const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${limit}`;
  lines.push(
    result.blocked
      ? paint("red", `✖ blocked: ${counts} in ${scope}${dbt}`)
      : paint("green", `✔ passed: ${counts} in ${scope}${dbt}`),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Everything from input made safe to print to a terminal (see visibleControls): messages, help, notes
 * and impacts here; file names and source lines where they are printed, since positions are looked
 * up by the file name as it is.
 */
function shownOnTerminal(result: Report): Report {
  return {
    ...result,
    diagnostics: result.diagnostics.map((diagnostic) => ({
      ...diagnostic,
      message: visibleControls(diagnostic.message),
      ...(diagnostic.help !== undefined && { help: visibleControls(diagnostic.help) }),
    })),
    ...(Array.isArray(result.notes) && { notes: result.notes.map(visibleControls) }),
  };
}

/** Source lines are shown up to this many characters: a minified dump's one line can be megabytes. */
const SHOWN_LINE_LENGTH = 200;

/**
 * The part of a long line around the span (columns `from`..`to`, 1-based, code points), with … where
 * text is left out, and the span's columns in the shown text.
 */
export function clipLine(
  chars: readonly string[],
  from: number,
  to: number,
): { text: string; from: number; to: number } {
  if (chars.length <= SHOWN_LINE_LENGTH) return { text: chars.join(""), from, to };
  const first = Math.max(0, Math.min(from - 1 - 20, chars.length - SHOWN_LINE_LENGTH));
  const last = first + SHOWN_LINE_LENGTH;
  const before = first > 0 ? "…" : "";
  const after = last < chars.length ? "…" : "";
  const shift = first - before.length;
  return {
    text: `${before}${chars.slice(first, last).join("")}${after}`,
    from: Math.max(1, from - shift),
    to: Math.min(to, last + 1) - shift,
  };
}

/**
 * Source lines as the report shows them (tabs widened, secrets masked, controls visible), as characters,
 * made once per line: a file of one long line with thousands of findings would otherwise redo that
 * work for each finding.
 */
class ShownLines {
  private readonly made = new Map<string, readonly string[]>();
  constructor(private readonly positions: SourcePositions) {}

  chars(file: string, line: number): readonly string[] {
    const key = `${line}\u0000${file}`;
    let chars = this.made.get(key);
    if (!chars) {
      const text = this.positions.index(file).lineText(line).replace(/\t/g, "  ");
      chars = [...visibleControls(redactSecrets(text))];
      this.made.set(key, chars);
    }
    return chars;
  }
}

function renderDiagnostic(
  diagnostic: Diagnostic,
  positions: SourcePositions,
  sourceLines: ShownLines,
  paint: ReturnType<typeof painter>,
): string[] {
  const color: Style =
    diagnostic.severity === "error" ? "red" : diagnostic.severity === "warning" ? "yellow" : "blue";
  const start = positions.start(diagnostic);
  const end = positions.end(diagnostic);
  const gutter = String(Math.min(end.line, start.line + 2)).length;
  const pad = " ".repeat(gutter);
  const out = [
    `${paint(color, paint("bold", diagnostic.severity))}${paint("bold", `[${diagnostic.rule}]: ${diagnostic.message}`)}`,
    `${pad}${paint("blue", "-->")} ${visibleControls(diagnostic.file)}:${start.line}:${start.column}`,
    `${pad} ${paint("blue", "|")}`,
  ];
  // Show up to three lines of the span; underline the part of each that the span covers.
  const lastLine = Math.min(end.line, start.line + 2);
  for (let line = start.line; line <= lastLine; line++) {
    const chars = sourceLines.chars(diagnostic.file, line);
    const shown = clipLine(
      chars,
      line === start.line ? start.column : 1,
      line === end.line ? end.column : chars.length + 1,
    );
    const { text, from } = shown;
    const width = Math.max(1, shown.to - from);
    out.push(`${paint("blue", String(line).padStart(gutter))} ${paint("blue", "|")} ${text}`);
    out.push(`${pad} ${paint("blue", "|")} ${" ".repeat(from - 1)}${paint(color, "^".repeat(width))}`);
  }
  if (end.line > lastLine) out.push(`${pad} ${paint("blue", "|")} …`);
  const impacts = diagnostic.impacts;
  if (impacts.length > 0) {
    out.push(`${pad} ${paint("blue", "=")} impacts:`);
    for (const impact of impacts.slice(0, 12))
      out.push(`${pad}     - ${visibleControls(describeImpact(impact))}`);
    if (impacts.length > 12) out.push(`${pad}     … and ${impacts.length - 12} more`);
  }
  if (diagnostic.help) out.push(`${pad} ${paint("blue", "=")} help: ${diagnostic.help}`);
  return out;
}
