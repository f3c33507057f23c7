import { findColumn, findTable, type QualifiedName, qualify, type Table } from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import type { DialectRuleHooks } from "../src/dialects/dialect.js";
import { byStatement, targetOf } from "../src/lint/helpers.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import type { Change, ChangeOf, ParsedStatement } from "../src/sql/changes.js";

type Algorithm = "instant" | "inplace" | "copy";
const RANK: Readonly<Record<Algorithm, number>> = { instant: 0, inplace: 1, copy: 2 };

/** One operation of an ALTER on a table that already exists, as the dialect would run it. */
interface Operation {
  readonly entry: ReplayedChange;
  readonly table: QualifiedName;
  /** The table existed before the change under review, so it may hold rows. */
  readonly existed: boolean;
  readonly algorithm: Algorithm;
  readonly blocksWrites: boolean;
}

/** What the statement asked for with ALGORITHM= and LOCK=, and where it said so. */
interface Requested {
  readonly algorithm?: { readonly value: string; readonly change: Change };
  readonly lock?: { readonly value: string; readonly change: Change };
}

/**
 * An ALTER that copies the table (or builds in place but blocks writes) without `ALGORITHM=`/`LOCK=`
 * saying so, and an explicit `ALGORITHM=`/`LOCK=` that the operation cannot honour, which the server
 * refuses. Knowledge of which operation runs how comes from the dialect's online-DDL hooks.
 */
export default defineRule({
  meta: {
    id: "require-online-ddl-options",
    description:
      "Require ALGORITHM=/LOCK= on ALTERs that copy the table or block writes, and refuse ones the server cannot honour.",
    category: "online-ddl",
    // Refusals are errors; the other findings are capped at warnings (maxSeverity).
    defaultSeverity: "error",
    presets: ["recommended", "strict"],
    requires: { onlineDdlOptions: true },
    requiresHooks: ["onlineDdlAlgorithm"],
    messages: {
      copiesTable:
        "{{operation}} on {{object}} copies the whole table, and other sessions cannot write to it until the copy ends. Say so with ALGORITHM=COPY, LOCK=SHARED, or run it with an online schema change tool.",
      blocksWrites:
        "{{operation}} on {{object}} runs in place but other sessions cannot write to the table until it ends. Say so with ALGORITHM=INPLACE, LOCK=SHARED.",
      algorithmRefused:
        "{{operation}} on {{object}} cannot run with ALGORITHM={{requested}} (it needs ALGORITHM={{needed}}): the server refuses the statement.",
      lockRefused:
        "{{operation}} on {{object}} cannot run with LOCK={{requested}}, because it keeps other sessions from writing: the server refuses the statement.",
    },
    optionsSchema: {
      type: "object",
      properties: {
        requireForBlockingInplace: {
          type: "boolean",
          description:
            "Also require LOCK= on in-place operations that block writes (FULLTEXT/SPATIAL indexes, AUTO_INCREMENT columns).",
          default: true,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { requireForBlockingInplace: true },
  },
  check(context, options) {
    const hooks = context.dialect.hooks;
    for (const [statement, entries] of byStatement(context.file.changes)) {
      const requested = requestedOptions(entries);
      // The server refuses an option it cannot honour whatever the table holds: new tables count here.
      const operations = replacingPrimaryKey(operationsOf(context, entries, hooks));
      if (operations.length === 0) continue;
      const refusal = refusedOption(requested, operations);
      if (refusal) {
        reportRefusal(context, refusal);
        continue;
      }
      // Copies and blocked writes only matter for tables that may hold rows.
      const existing = operations.filter((operation) => operation.existed);
      if (existing.length === 0 || acknowledged(requested)) continue;
      const slowest = slowestOf(existing);
      const blocking = existing.find((operation) => operation.blocksWrites);
      if (slowest.algorithm === "copy") {
        report(context, "copiesTable", slowest, statement);
      } else if (blocking && options.requireForBlockingInplace) {
        report(context, "blocksWrites", blocking, statement);
      }
    }
  },
});

interface Refusal {
  readonly messageId: "algorithmRefused" | "lockRefused";
  readonly option: { readonly change: Change };
  readonly operation: Operation;
  readonly data: Readonly<Record<string, string>>;
}

function slowestOf(operations: readonly Operation[]): Operation {
  return operations.reduce((a, b) => (RANK[b.algorithm] > RANK[a.algorithm] ? b : a));
}

/** ALGORITHM=INSTANT/INPLACE below what the statement needs, or LOCK=NONE on one that blocks writes. */
function refusedOption(requested: Requested, operations: readonly Operation[]): Refusal | undefined {
  const slowest = slowestOf(operations);
  const algorithm = requested.algorithm;
  if (
    algorithm &&
    (algorithm.value === "INSTANT" || algorithm.value === "INPLACE") &&
    RANK[algorithm.value.toLowerCase() as Algorithm] < RANK[slowest.algorithm]
  ) {
    return {
      messageId: "algorithmRefused",
      option: algorithm,
      operation: slowest,
      data: { requested: algorithm.value, needed: slowest.algorithm.toUpperCase() },
    };
  }
  const blocking = operations.find((operation) => operation.blocksWrites);
  if (requested.lock?.value === "NONE" && blocking) {
    return {
      messageId: "lockRefused",
      option: requested.lock,
      operation: blocking,
      data: { requested: "NONE" },
    };
  }
  return undefined;
}

function requestedOptions(entries: readonly ReplayedChange[]): Requested {
  let requested: Requested = {};
  for (const { change } of entries) {
    if (change.kind !== "execution_options") continue;
    for (const [key, value] of Object.entries(change.options)) {
      const option = { value: value.toUpperCase(), change };
      if (key.toLowerCase() === "algorithm") requested = { ...requested, algorithm: option };
      if (key.toLowerCase() === "lock") requested = { ...requested, lock: option };
    }
  }
  return requested;
}

/** ALGORITHM=COPY, or LOCK=SHARED/EXCLUSIVE: the author says the table is blocked while it runs. */
function acknowledged(requested: Requested): boolean {
  const lock = requested.lock?.value;
  return requested.algorithm?.value === "COPY" || lock === "SHARED" || lock === "EXCLUSIVE";
}

/** The statement's operations that the dialect can plan, with their plans. */
function operationsOf(
  context: RuleContext,
  entries: readonly ReplayedChange[],
  hooks: DialectRuleHooks,
): Operation[] {
  const operations: Operation[] = [];
  for (const entry of entries) {
    const target = targetOf(entry.change);
    if (target === undefined || entry.change.kind === "execution_options") continue;
    const table = qualify(entry.before, target);
    const existed = relationExistedBefore(context, entry, table);
    const known: Table | undefined = findTable(entry.before, table);
    const algorithm = hooks.onlineDdlAlgorithm?.(entry.change, known);
    if (algorithm === undefined) continue;
    const blocksWrites = hooks.onlineDdlBlocksWrites?.(entry.change, known) ?? algorithm === "copy";
    operations.push({ entry, table, existed, algorithm, blocksWrites });
  }
  return operations;
}

/**
 * DROP PRIMARY KEY with ADD PRIMARY KEY in the same statement replaces the key: one in-place rebuild,
 * where dropping the key alone has to copy the table. The drop then runs the way the add does.
 */
function replacingPrimaryKey(operations: readonly Operation[]): Operation[] {
  const added = operations.find(
    (operation) =>
      operation.entry.change.kind === "add_constraint" &&
      operation.entry.change.constraint.kind === "primary_key",
  );
  if (!added) return [...operations];
  return operations.map((operation) =>
    isPrimaryKeyDrop(operation)
      ? { ...operation, algorithm: added.algorithm, blocksWrites: added.blocksWrites }
      : operation,
  );
}

function isPrimaryKeyDrop(operation: Operation): boolean {
  const change = operation.entry.change;
  if (change.kind !== "drop_constraint") return false;
  if (change.constraintKind === "primary_key") return true;
  const table = findTable(operation.entry.before, operation.table);
  return (
    change.name !== undefined &&
    table?.constraints.some(
      (constraint) => constraint.kind === "primary_key" && constraint.name === change.name,
    ) === true
  );
}

function report(
  context: RuleContext,
  messageId: "copiesTable" | "blocksWrites",
  operation: Operation,
  statement: ParsedStatement,
): void {
  const object = formatQualified(operation.table);
  context.report({
    messageId,
    data: { operation: describe(operation.entry), object },
    span: operation.entry.change.span,
    object,
    maxSeverity: "warning",
    help:
      messageId === "copiesTable"
        ? `Add ALGORITHM=COPY, LOCK=SHARED to the ${statement.statementType} statement when a maintenance window or a small table makes the copy acceptable; for a large, busy table use gh-ost or pt-online-schema-change instead.`
        : `Add ALGORITHM=INPLACE, LOCK=SHARED to the ${statement.statementType} statement, and run it when writes can wait.`,
  });
}

function reportRefusal(context: RuleContext, refusal: Refusal): void {
  const object = formatQualified(refusal.operation.table);
  context.report({
    messageId: refusal.messageId,
    data: { ...refusal.data, operation: describe(refusal.operation.entry), object },
    span: refusal.option.change.span,
    object,
    help: "Drop the option to let the server pick the cheapest way, or ask for the one the operation supports; split operations that run differently into separate statements.",
  });
}

/** "changing column x from int to bigint", for messages. */
function describe(entry: ReplayedChange): string {
  const change = entry.change;
  switch (change.kind) {
    case "add_column":
      return `Adding ${change.column.autoIncrement ? "AUTO_INCREMENT " : ""}column ${change.column.name}`;
    case "drop_column":
      return `Dropping column ${change.column}`;
    case "rename_column":
      return `Renaming column ${change.from} to ${change.to}`;
    case "alter_column_type":
      return describeColumnChange(entry, change);
    case "set_nullability":
      return `Making column ${change.column} ${change.nullable ? "NULL" : "NOT NULL"}`;
    case "add_constraint":
      return change.constraint.kind === "primary_key"
        ? "Adding a primary key"
        : `Adding a ${change.constraint.kind.replace("_", " ")} constraint${change.constraint.name ? ` ${change.constraint.name}` : ""}`;
    case "drop_constraint":
      return change.constraintKind === "primary_key"
        ? "Dropping the primary key"
        : `Dropping constraint ${change.name ?? change.constraintKind ?? ""}`.trim();
    case "create_index": {
      const method = change.index.method?.toUpperCase();
      const kind = method === "FULLTEXT" || method === "SPATIAL" ? `${method} ` : "";
      return `Adding ${kind}index ${change.index.name ?? `on (${change.index.columns.join(", ")})`}`;
    }
    case "set_properties":
      return describeTableOptions(change.properties);
    case "set_partitioning":
      return change.partitioning ? "Partitioning the table" : "Removing the table's partitioning";
    default:
      return change.kind.replace(/_/g, " ").replace(/^./, (first) => first.toUpperCase());
  }
}

function describeColumnChange(entry: ReplayedChange, change: ChangeOf<"alter_column_type">): string {
  const table = findTable(entry.before, qualify(entry.before, change.table));
  const before = table && findColumn(entry.before, table, change.column);
  const after = change.restated;
  if (!before) return `Changing column ${change.column}`;
  if (before.type.raw.toLowerCase() !== change.type.raw.toLowerCase())
    return `Changing column ${change.column} from ${before.type.raw} to ${change.type.raw}`;
  if (after && (after.charset ?? "").toLowerCase() !== (before.charset ?? "").toLowerCase())
    return `Changing the character set of column ${change.column} to ${after.charset ?? "the table's default"}`;
  if (after && Boolean(after.autoIncrement) !== Boolean(before.autoIncrement))
    return `${after.autoIncrement ? "Adding" : "Removing"} AUTO_INCREMENT on column ${change.column}`;
  if (after && after.nullable !== before.nullable)
    return `Making column ${change.column} ${after.nullable ? "NULL" : "NOT NULL"}`;
  return `Redefining column ${change.column}`;
}

function describeTableOptions(properties: Readonly<Record<string, string>>): string {
  if (properties.convert_to_charset !== undefined)
    return `Converting the table to character set ${properties.convert_to_charset}`;
  if (properties.engine !== undefined) return `Rebuilding the table with ENGINE=${properties.engine}`;
  const options = Object.entries(properties).map(([key, value]) => `${key.toUpperCase()}=${value}`);
  return `Setting ${options.join(", ")}`;
}
