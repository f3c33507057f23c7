import { createHash } from "node:crypto";
import type { ReportingDescriptor, Result } from "sarif";
import type { Diagnostic } from "../lint/diagnostic.js";
import { SourcePositions } from "./positions.js";
import type { Report } from "./report.js";
import { reportable } from "./reportable.js";
import { CORE_DESCRIPTORS, type RuleDescriptor } from "./rule-descriptors.js";
import { sarifLog, sarifUri } from "./sarif-log.js";

export interface SarifOptions {
  readonly rules: readonly RuleDescriptor[];
  readonly version: string;
  /** Turns a report path into a path relative to the repository root (what code scanning expects). */
  readonly repoRelative: (file: string) => string;
}

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/**
 * A fingerprint that survives unrelated edits: the rule, the file, the object and the statement's text
 * (whitespace folded), not the line number, so a finding keeps its identity when lines move above it.
 */
export function fingerprint(diagnostic: Diagnostic, sourceText: string): string {
  const statement = sourceText.slice(diagnostic.span.start, diagnostic.span.end).replace(/\s+/g, " ").trim();
  return createHash("sha256")
    .update(
      [diagnostic.rule, diagnostic.messageId, diagnostic.file, diagnostic.object ?? "", statement].join(
        "\u0000",
      ),
    )
    .digest("hex")
    .slice(0, 32);
}

function firstParagraph(doc: string | undefined): string | undefined {
  return doc
    ?.split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .find((paragraph) => paragraph !== "" && !paragraph.startsWith("#") && !paragraph.startsWith("**"));
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the rules with their descriptions and help from the rule
 * docs, the findings with repository-relative locations and stable fingerprints. Findings in applied
 * migrations are kept, marked: baselineState "unchanged" (the change's own are "new") and pending false.
 */
export function formatSarif(checked: Report, options: SarifOptions): string {
  const result = reportable(checked);
  const positions = new SourcePositions(result.sources);
  const findings = result.diagnostics.filter(
    (diagnostic) => diagnostic.pending || diagnostic.severity !== "info",
  );
  const hasExisting = findings.some((diagnostic) => !diagnostic.pending);
  const known = new Map([...CORE_DESCRIPTORS, ...options.rules].map((rule) => [rule.id, rule]));
  const used = [...new Set(findings.map((diagnostic) => diagnostic.rule))].sort();
  const rules = used.map((id): ReportingDescriptor => {
    const rule = known.get(id) ?? {
      id,
      description: id,
      category: "other",
      defaultSeverity: "warning" as const,
    };
    return {
      id,
      name: id,
      shortDescription: { text: rule.description },
      fullDescription: { text: firstParagraph(rule.doc) ?? rule.description },
      ...(rule.doc && { help: { text: rule.doc, markdown: rule.doc } }),
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
      properties: { category: rule.category, tags: ["schematic", rule.category] },
    };
  });
  const ruleIndex = new Map(used.map((id, index) => [id, index]));
  const results = findings.map((diagnostic): Result => {
    const start = positions.start(diagnostic);
    const end = positions.end(diagnostic);
    return {
      ruleId: diagnostic.rule,
      ruleIndex: ruleIndex.get(diagnostic.rule),
      level: LEVEL[diagnostic.severity],
      ...(hasExisting && { baselineState: diagnostic.pending ? "new" : "unchanged" }),
      message: { text: diagnostic.help ? `${diagnostic.message} ${diagnostic.help}` : diagnostic.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: {
              uri: sarifUri(options.repoRelative(diagnostic.file)),
              uriBaseId: "%SRCROOT%",
            },
            region: {
              startLine: start.line,
              startColumn: start.column,
              endLine: end.line,
              endColumn: end.column,
            },
          },
        },
      ],
      partialFingerprints: {
        "schematicFinding/v1": fingerprint(diagnostic, result.sources.get(diagnostic.file) ?? ""),
      },
      properties: {
        ...(diagnostic.object !== undefined && { object: diagnostic.object }),
        impacts: diagnostic.impacts.map((impact) => impact.unique_id),
        ...(!diagnostic.pending && { pending: false }),
      },
    };
  });
  return sarifLog(
    options.version,
    {
      // What was and was not checked (no dbt project, column use from YAML only), as the tool's own notes.
      invocations: [
        {
          executionSuccessful: true,
          toolExecutionNotifications: result.notes.map((note) => ({
            level: "note" as const,
            message: { text: note },
          })),
        },
      ],
      columnKind: "unicodeCodePoints",
      results,
    },
    rules,
  );
}
