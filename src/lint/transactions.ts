import type { FileReplay } from "../catalog/replay.js";
import type { DialectCapabilities } from "../dialects/dialect.js";
import type { ParsedStatement } from "../sql/changes.js";

/**
 * Which statements of one migration file share a database transaction, as far as the file itself shows.
 * Lock rules need it: a lock is held until its transaction ends, and some statements (CREATE INDEX
 * CONCURRENTLY) refuse to run inside one at all.
 */
export interface TransactionLayout {
  /**
   * The transaction a statement runs in: statements with the same id commit together. Undefined means the
   * statement runs on its own (autocommit), or is itself a BEGIN, COMMIT or ROLLBACK.
   */
  transactionOf(statement: ParsedStatement): number | undefined;
  /** The statement sits between a BEGIN (or START TRANSACTION) and its COMMIT/ROLLBACK written in the file. */
  inExplicitBlock(statement: ParsedStatement): boolean;
}

/**
 * Whether the migration runner runs this file inside one transaction.
 * - "wrapped": it does (the migration did not opt out).
 * - "not-wrapped": it does not (DDL is not transactional, or the migration opted out).
 * - "unknown": DDL is transactional, so runners wrap files by default (Diesel, Flyway, sqlx, Alembic, pop),
 *   but the file cannot say yet whether it opted out.
 *
 * The runner's per-migration "no transaction" marker (metadata.toml `run_in_transaction = false`,
 * `-- no-transaction`, `.autocommit.` file names) is meant to arrive on the replayed script; this is the
 * one place that will read it, turning "unknown" into "wrapped" or "not-wrapped".
 */
export type FileTransaction = "wrapped" | "not-wrapped" | "unknown";

export function fileTransaction(_file: FileReplay, capabilities: DialectCapabilities): FileTransaction {
  return capabilities.transactionalDdl ? "unknown" : "not-wrapped";
}

/**
 * Walks the file's statements: a BEGIN opens an explicit block, COMMIT or ROLLBACK closes it. Statements
 * before the first transaction statement share the runner's transaction when `runnerWraps`; statements
 * after a COMMIT that ended it run on their own.
 */
export function transactionLayout(file: FileReplay, runnerWraps: boolean): TransactionLayout {
  const transactions = new Map<ParsedStatement, number>();
  const explicit = new Set<ParsedStatement>();
  let current: number | undefined = runnerWraps ? 0 : undefined;
  let inBlock = false;
  let next = 1;
  for (const statement of file.script.parsed.statements) {
    const action = transactionAction(statement);
    if (action === "begin") {
      // A BEGIN inside the runner's transaction only warns: the block joins that transaction.
      if (current === undefined) current = next++;
      inBlock = true;
      continue;
    }
    if (action === "end") {
      current = undefined;
      inBlock = false;
      continue;
    }
    if (current !== undefined) transactions.set(statement, current);
    if (inBlock) explicit.add(statement);
  }
  return {
    transactionOf: (statement) => transactions.get(statement),
    inExplicitBlock: (statement) => explicit.has(statement),
  };
}

function transactionAction(statement: ParsedStatement): "begin" | "end" | undefined {
  for (const change of statement.changes) {
    if (change.kind !== "transaction") continue;
    return change.action === "begin" ? "begin" : "end";
  }
  return undefined;
}
