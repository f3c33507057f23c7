import { findIndexOwner, type QualifiedName, qualify } from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import { transactionLayout } from "../src/lint/transactions.js";

interface Options {
  readonly allowMixedFiles: boolean;
}

/**
 * CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and ALTER TABLE … DETACH PARTITION … CONCURRENTLY refuse
 * to run inside a transaction block: the migration fails half-way. That happens after a BEGIN in the file, and — because runners wrap a file in a
 * transaction or send it as one multi-statement string, which PostgreSQL runs as one implicit transaction —
 * whenever the statement shares its file with any other statement.
 */
export default defineRule<Options>({
  meta: {
    id: "ban-concurrent-index-in-transaction",
    description:
      "Refuse CREATE/DROP INDEX CONCURRENTLY (and DETACH PARTITION CONCURRENTLY) inside a transaction block or beside other statements in one migration file.",
    category: "locks",
    defaultSeverity: "error",
    presets: ["recommended", "strict"],
    requires: { concurrentIndexes: true },
    messages: {
      insideTransactionBlock:
        "{{statement}} CONCURRENTLY on {{table}} follows a BEGIN in the same file: it cannot run inside a transaction block, so the migration fails.",
      sharesFile:
        "{{statement}} CONCURRENTLY on {{table}} shares its migration file with {{others}} other statement(s): a runner that wraps the file in a transaction, or sends it as one multi-statement string, runs it inside a transaction and the migration fails.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        allowMixedFiles: {
          type: "boolean",
          description:
            "Your runner runs the statements of a non-transactional migration one at a time (Flyway with mixed = true, golang-migrate's multi-statement mode): then only explicit BEGIN ... COMMIT blocks are checked.",
          default: false,
        },
      },
    },
    defaultOptions: { allowMixedFiles: false },
  },
  check(context, options) {
    const layout = transactionLayout(context.file, false);
    const statements = context.file.script.parsed.statements;
    for (const entry of context.file.changes) {
      const statement = concurrentStatement(entry);
      if (statement === undefined) continue;
      const table = indexTable(entry);
      const base = { statement, table: table === undefined ? "its table" : formatQualified(table) };
      const object = table === undefined ? undefined : formatQualified(table);
      if (layout.inExplicitBlock(entry.statement)) {
        context.report({
          messageId: "insideTransactionBlock",
          data: base,
          span: entry.change.span,
          ...(object !== undefined && { object }),
          help: "Move it out of the BEGIN ... COMMIT block, into a migration of its own that your runner runs outside a transaction.",
        });
        continue;
      }
      // Alone in its file, the statement works once the runner is told not to wrap the file (which the file
      // cannot show yet: see fileTransaction). Beside others, even a non-wrapping runner that sends the
      // file as one string makes PostgreSQL run them all in one implicit transaction.
      if (options.allowMixedFiles || statements.length <= 1) continue;
      context.report({
        messageId: "sharesFile",
        data: { ...base, others: statements.length - 1 },
        span: entry.change.span,
        ...(object !== undefined && { object }),
        help: "Put it alone in a migration of its own and mark that migration as non-transactional for your runner (Diesel: run_in_transaction = false; sqlx: -- no-transaction; Flyway detects it).",
      });
    }
  },
});

/** "CREATE INDEX" or "DROP INDEX" when the change builds or drops an index CONCURRENTLY. */
function concurrentStatement(entry: ReplayedChange): string | undefined {
  const { change } = entry;
  if (change.kind === "create_index" && change.index.concurrently) return "CREATE INDEX";
  if (change.kind === "drop_index" && change.concurrently) return "DROP INDEX";
  if (change.kind === "detach_partition" && change.concurrently) return "ALTER TABLE … DETACH PARTITION";
  return undefined;
}

function indexTable(entry: ReplayedChange): QualifiedName | undefined {
  const { change } = entry;
  if (change.kind === "create_index") return qualify(entry.before, change.index.table);
  if (change.kind === "detach_partition") return qualify(entry.before, change.table);
  if (change.kind !== "drop_index") return undefined;
  return findIndexOwner(entry.before, change.name, change)?.name;
}
