import type { ParsedStatement } from "../sql/changes.js";
import type { Span } from "../sql/span.js";
import type { Diagnostic } from "./diagnostic.js";

/**
 * `-- schematic-ignore <rule-id>[, <rule-id>] reason="…" [expires=YYYY-MM-DD]` silences those rules on the
 * next statement; `-- schematic-ignore-file <rule-id> reason="…"` on the whole file. A reason is required,
 * so that every silenced finding says why in review. Expired and unused suppressions are findings too.
 */
export interface Suppression {
  readonly scope: "statement" | "file";
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly expires?: string;
  /** The comment itself. */
  readonly span: Span;
  /** The statement it applies to (scope "statement"). */
  readonly statement?: number;
}

export const SUPPRESSION_RULES = {
  invalid: "suppression-invalid",
  expired: "suppression-expired",
  unused: "suppression-unused",
} as const;

const COMMENT = /^[ \t]*--[ \t]*schematic-ignore(-file)?\b([^\n]*)$/gm;
const RULE_LIST = /^\s*([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)/;
const REASON = /\breason\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const EXPIRES = /\bexpires\s*=\s*(\S+)/;

interface ParsedComment {
  readonly suppression?: Suppression;
  readonly problem?: { readonly span: Span; readonly message: string };
}

function statementAfter(statements: readonly ParsedStatement[], offset: number): number | undefined {
  const index = statements.findIndex((statement) => statement.span.end > offset);
  return index === -1 ? undefined : index;
}

function parseComment(match: RegExpMatchArray, statements: readonly ParsedStatement[]): ParsedComment {
  const start = match.index! + match[0].length - match[0].trimStart().length;
  const span = { start, end: match.index! + match[0].length };
  const scope = match[1] ? "file" : "statement";
  const body = match[2] ?? "";
  const rules =
    RULE_LIST.exec(body)?.[1]
      ?.split(",")
      .map((id) => id.trim()) ?? [];
  const reasonMatch = REASON.exec(body);
  const reason = (reasonMatch?.[1] ?? reasonMatch?.[2])?.trim();
  const expires = EXPIRES.exec(body)?.[1];
  if (rules.length === 0)
    return { problem: { span, message: "names no rule: write the rule ids after schematic-ignore" } };
  if (!reason) {
    return {
      problem: {
        span,
        message: `has no reason: add reason="why ${rules.join(", ")} is safe to ignore here"`,
      },
    };
  }
  if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
    return { problem: { span, message: `has an expiry date that is not YYYY-MM-DD: ${expires}` } };
  }
  const statement = scope === "statement" ? statementAfter(statements, span.end) : undefined;
  if (scope === "statement" && statement === undefined) {
    return { problem: { span, message: "has no statement after it to apply to" } };
  }
  return {
    suppression: {
      scope,
      rules,
      reason,
      ...(expires !== undefined && { expires }),
      span,
      ...(statement !== undefined && { statement }),
    },
  };
}

export interface SuppressionFile {
  readonly path: string;
  readonly text: string;
  readonly statements: readonly ParsedStatement[];
  readonly pending: boolean;
}

export interface ApplySuppressionsOptions {
  /** Every id a suppression may name: rules and Schematic's own findings. */
  readonly knownRules: ReadonlySet<string>;
  /** Today, YYYY-MM-DD (injected so that tests do not depend on the clock). */
  readonly today: string;
}

/**
 * Removes the findings that suppressions silence and adds findings about the suppressions themselves:
 * invalid ones (no reason, unknown rule), expired ones (no longer silencing), unused ones.
 */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  files: readonly SuppressionFile[],
  options: ApplySuppressionsOptions,
): Diagnostic[] {
  const byFile = new Map(files.map((file) => [file.path, file]));
  const active = new Map<string, { suppression: Suppression; used: Set<string> }[]>();
  const findings: Diagnostic[] = [];
  const report = (
    file: SuppressionFile,
    rule: string,
    severity: Diagnostic["severity"],
    span: Span,
    message: string,
  ) =>
    findings.push({
      rule,
      severity,
      messageId: rule,
      message,
      file: file.path,
      span,
      impacts: [],
      pending: file.pending,
    });

  for (const file of files) {
    if (!file.text.includes("schematic-ignore")) continue;
    const entries: { suppression: Suppression; used: Set<string> }[] = [];
    for (const match of file.text.matchAll(COMMENT)) {
      // Between statements only: inside one, the words may sit in a string literal or a function body.
      if (
        file.statements.some(
          (statement) => statement.span.start < match.index! && match.index! < statement.span.end,
        )
      ) {
        continue;
      }
      const parsed = parseComment(match, file.statements);
      if (parsed.problem) {
        report(
          file,
          SUPPRESSION_RULES.invalid,
          "error",
          parsed.problem.span,
          `This suppression ${parsed.problem.message}.`,
        );
        continue;
      }
      const suppression = parsed.suppression!;
      const unknown = suppression.rules.filter((id) => !options.knownRules.has(id));
      if (unknown.length > 0) {
        report(
          file,
          SUPPRESSION_RULES.invalid,
          "error",
          suppression.span,
          `This suppression names unknown rule ${unknown.join(", ")}; run \`schematic rules\` for the ids.`,
        );
        continue;
      }
      if (suppression.expires !== undefined && suppression.expires < options.today) {
        report(
          file,
          SUPPRESSION_RULES.expired,
          "warning",
          suppression.span,
          `This suppression of ${suppression.rules.join(", ")} expired on ${suppression.expires}: its findings are reported again. Fix them, or renew it with a reason.`,
        );
        continue;
      }
      entries.push({ suppression, used: new Set() });
    }
    active.set(file.path, entries);
  }

  const kept = diagnostics.filter((diagnostic) => {
    const entries = active.get(diagnostic.file);
    if (!entries || entries.length === 0) return true;
    const statements = byFile.get(diagnostic.file)?.statements ?? [];
    const statement = statements.findIndex(
      (candidate) =>
        candidate.span.start <= diagnostic.span.start &&
        diagnostic.span.start < Math.max(candidate.span.end, candidate.span.start + 1),
    );
    const silencing = entries.find(
      ({ suppression }) =>
        suppression.rules.includes(diagnostic.rule) &&
        (suppression.scope === "file" || suppression.statement === statement),
    );
    if (!silencing) return true;
    silencing.used.add(diagnostic.rule);
    return false;
  });

  for (const [path, entries] of active) {
    const file = byFile.get(path)!;
    for (const { suppression, used } of entries) {
      const unused = suppression.rules.filter((id) => !used.has(id));
      if (unused.length === 0) continue;
      report(
        file,
        SUPPRESSION_RULES.unused,
        "warning",
        suppression.span,
        `This suppression of ${unused.join(", ")} silences nothing${suppression.scope === "statement" ? " on the next statement" : " in this file"}: remove it.`,
      );
    }
  }
  return [...kept, ...findings];
}
