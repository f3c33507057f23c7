/**
 * A migration script as the runner executes it: the statements, cut by the dialect's own splitter (the one
 * `schematic check` parses with, so DELIMITER blocks, routine bodies and dollar quotes split as the check
 * saw them), with placeholders substituted, each with its line for messages and its parsed changes (for
 * crash recovery); and whether it can run inside one transaction.
 */
import type { Dialect } from "../dialects/dialect.js";
import { SchematicError } from "../errors.js";
import { type PlaceholderSyntax, substitutePlaceholders } from "../migrations/placeholders.js";
import type { Change } from "../sql/changes.js";
import { LineIndex, type Span } from "../sql/span.js";

export interface ExecutableStatement {
  /** 0-based position in the script. */
  readonly index: number;
  /** The text sent to the database: the statement with placeholders substituted. */
  readonly sql: string;
  /** Where it is in the file as written, for messages. */
  readonly span: Span;
  readonly line: number;
  readonly changes: readonly Change[];
}

/**
 * How the script runs: inside one transaction with its history row (where the engine rolls DDL back), or
 * statement by statement with progress recorded after each.
 */
export type TransactionMode =
  | { readonly kind: "transaction" }
  | { readonly kind: "statements"; readonly reason: string };

export interface ExecutionPlan {
  readonly statements: readonly ExecutableStatement[];
  readonly mode: TransactionMode;
}

/** Marks a script that must not run inside a transaction (as dbmate's `transaction:false`). */
const NO_TRANSACTION_DIRECTIVE =
  /^[ \t]*--[ \t]*(?:schematic:no-transaction\b|(?:\+?migrate|migrate:up)\b.*\btransaction:false\b)/im;

export interface PlanOptions {
  readonly dialect: Dialect;
  readonly placeholders: Readonly<Record<string, string>>;
  readonly placeholderSyntax: readonly PlaceholderSyntax[];
  /** The engine runs DDL in transactions (PostgreSQL): otherwise every script runs statement by statement. */
  readonly transactionalDdl: boolean;
  /**
   * Why the engine refuses this statement inside a transaction block, if it does (PostgreSQL: CREATE
   * INDEX CONCURRENTLY, VACUUM, ...); undefined when it runs in one.
   */
  readonly refusesTransaction?: (sql: string, changes: readonly Change[]) => string | undefined;
  /** The migration says so outside its text (diesel's metadata.toml `run_in_transaction = false`). */
  readonly declaredNoTransaction?: string;
}

/** Cuts a script into the statements to run, and says how to run them. */
export function executionPlan(path: string, text: string, options: PlanOptions): ExecutionPlan {
  const substituted = substitutePlaceholders(text, options.placeholders, options.placeholderSyntax);
  const unknown = substituted.unknown[0];
  const lines = new LineIndex(text);
  if (unknown) {
    throw new SchematicError("sql-parse", `The placeholder \${${unknown.name}} has no value.`, {
      location: { file: path, line: lines.position(unknown.offset).line },
      hint: "Give it a value under placeholders: in schematic.yml (or the environment's placeholders).",
    });
  }
  const parsed = options.dialect.parse(substituted.text, options.dialect.createSession?.());
  const error = parsed.errors[0];
  if (error) {
    const at = lines.position(substituted.toOriginal(error.offset));
    throw new SchematicError("sql-parse", `${error.message}.`, {
      location: { file: path, line: at.line, column: at.column },
      hint: error.hint ?? "Fix the SQL: `schematic check` shows the same error.",
    });
  }
  const statements = parsed.statements.map((statement, index): ExecutableStatement => {
    const span = {
      start: substituted.toOriginal(statement.span.start),
      end: substituted.toOriginal(statement.span.end),
    };
    return {
      index,
      sql: substituted.text.slice(statement.span.start, statement.span.end),
      span,
      line: lines.position(span.start).line,
      changes: statement.changes,
    };
  });
  return { statements, mode: transactionMode(text, statements, options) };
}

function transactionMode(
  text: string,
  statements: readonly ExecutableStatement[],
  options: PlanOptions,
): TransactionMode {
  if (!options.transactionalDdl) {
    return { kind: "statements", reason: "the database commits each DDL statement on its own" };
  }
  if (options.declaredNoTransaction) return { kind: "statements", reason: options.declaredNoTransaction };
  const directive = NO_TRANSACTION_DIRECTIVE.exec(text);
  if (directive) return { kind: "statements", reason: `the file says so (${directive[0].trim()})` };
  for (const statement of statements) {
    if (statement.changes.some((change) => change.kind === "transaction")) {
      return {
        kind: "statements",
        reason: `the file manages its own transactions (line ${statement.line})`,
      };
    }
    const refused = options.refusesTransaction?.(statement.sql, statement.changes);
    if (refused) return { kind: "statements", reason: `${refused} (line ${statement.line})` };
  }
  return { kind: "transaction" };
}
