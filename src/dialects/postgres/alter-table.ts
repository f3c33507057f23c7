/** ALTER TABLE and its subcommands (AT_* in PostgreSQL's parse tree). */
import type { AlterTableCmd, AlterTableStmt, Node } from "libpg-query";
import type { Change, RelationName } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import { formatRelation, nodeOf, relationName } from "./ast.js";
import { COLUMN_RULES, isVolatileExpression, mapColumnDef, mapConstraint } from "./columns.js";
import type { StatementContext } from "./context.js";
import { splitAtTopLevelCommas } from "./source.js";
import { dataTypeFromTypeName } from "./types.js";

/** Subcommands that change storage, ownership, triggers, security or statistics, not the table's shape. */
const WITHOUT_SCHEMA_EFFECT = new Set([
  "AT_SetStatistics",
  "AT_SetOptions",
  "AT_ResetOptions",
  "AT_SetStorage",
  "AT_SetCompression",
  "AT_ChangeOwner",
  "AT_ClusterOn",
  "AT_DropCluster",
  "AT_SetLogged",
  "AT_SetUnLogged",
  "AT_DropOids",
  "AT_SetAccessMethod",
  "AT_SetTableSpace",
  "AT_ResetRelOptions",
  "AT_ReplaceRelOptions",
  "AT_EnableTrig",
  "AT_EnableAlwaysTrig",
  "AT_EnableReplicaTrig",
  "AT_DisableTrig",
  "AT_EnableTrigAll",
  "AT_DisableTrigAll",
  "AT_EnableTrigUser",
  "AT_DisableTrigUser",
  "AT_EnableRule",
  "AT_EnableAlwaysRule",
  "AT_EnableReplicaRule",
  "AT_DisableRule",
  "AT_AddInherit",
  "AT_DropInherit",
  "AT_AddOf",
  "AT_DropOf",
  "AT_ReplicaIdentity",
  "AT_EnableRowSecurity",
  "AT_DisableRowSecurity",
  "AT_ForceRowSecurity",
  "AT_NoForceRowSecurity",
  "AT_GenericOptions",
  "AT_AlterColumnGenericOptions",
  "AT_AlterConstraint",
  "AT_DetachPartitionFinalize",
  "AT_AddIdentity",
  "AT_SetIdentity",
  "AT_DropIdentity",
  "AT_SetExpression",
  "AT_DropExpression",
]);

/** Relations whose ALTER can change columns; ALTER INDEX/SEQUENCE/VIEW/TYPE only touch other things. */
const TABLE_LIKE = new Set(["OBJECT_TABLE", "OBJECT_FOREIGN_TABLE"]);

export function alterTableChanges(statement: AlterTableStmt, context: StatementContext): Change[] {
  const table = relationName(statement.relation);
  const commands = (statement.cmds ?? []).map((node) => nodeOf(node, "AlterTableCmd") ?? {});
  const ranges = subcommandRanges(statement, commands.length, context);
  const tableLike = TABLE_LIKE.has(statement.objtype ?? "OBJECT_TABLE");
  return commands.flatMap((command, index) => {
    const range = ranges?.[index];
    const subcontext = new SubcommandContext(context, range);
    const objectWord = context.leadingKeywords(context.start, context.end, 2);
    const described = `${objectWord} ${subcontext.keywords()}`.trim();
    if (!tableLike || WITHOUT_SCHEMA_EFFECT.has(command.subtype ?? "")) {
      return [{ kind: "no_schema_effect", statement: described, span: subcontext.span } satisfies Change];
    }
    return subcommandChanges(table, command, subcontext, described);
  });
}

/** One subcommand's place in the statement: its span when the statement could be split, else the statement's. */
class SubcommandContext {
  constructor(
    readonly statement: StatementContext,
    readonly range: { start: number; end: number } | undefined,
  ) {}

  get span(): Span {
    return this.statement.spanOf(this.range);
  }

  get end(): number {
    return this.range?.end ?? this.statement.end;
  }

  keywords(): string {
    if (!this.range) return "";
    const words = this.statement.leadingKeywords(this.range.start, this.range.end, 3);
    // `ALTER c SET STORAGE`: the column's name stops the label; say what is altered.
    return words === "ALTER" ? "ALTER COLUMN" : words;
  }
}

/**
 * The subcommands' ranges, split at top-level commas after the table name; undefined when the split
 * does not give one range per subcommand (then every change takes the statement's span).
 */
function subcommandRanges(
  statement: AlterTableStmt,
  count: number,
  context: StatementContext,
): { start: number; end: number }[] | undefined {
  const nameStart = context.at(statement.relation?.location);
  if (nameStart === undefined) return undefined;
  const tokens = context.source.tokens;
  let last = context.source.tokenIndexAt(nameStart);
  while (tokens[last + 1]?.text === "." && tokens[last + 2]) last += 2;
  if (tokens[last + 1]?.text === "*") last++;
  const after = tokens[last + 1];
  if (!after || after.start >= context.end) return undefined;
  const ranges = splitAtTopLevelCommas(context.source, after.start, context.end);
  return ranges.length === count ? ranges : undefined;
}

function subcommandChanges(
  table: RelationName,
  command: AlterTableCmd,
  context: SubcommandContext,
  described: string,
): Change[] {
  const span = context.span;
  const column = command.name ?? "";
  const statement = context.statement;
  switch (command.subtype) {
    case "AT_AddColumn": {
      const definition = nodeOf(command.def, "ColumnDef");
      if (!definition) break;
      const mapped = mapColumnDef(definition, table, statement);
      const columnSpan = mapped.column.span ?? span;
      return [
        {
          kind: "add_column",
          table,
          column: mapped.column,
          ifNotExists: Boolean(command.missing_ok),
          span: columnSpan,
        },
        ...mapped.constraints.map(
          (constraint): Change => ({ kind: "add_constraint", table, constraint, span: columnSpan }),
        ),
      ];
    }
    case "AT_DropColumn":
      return [
        {
          kind: "drop_column",
          table,
          column,
          ifExists: Boolean(command.missing_ok),
          cascade: command.behavior === "DROP_CASCADE",
          span,
        },
      ];
    case "AT_AlterColumnType": {
      const definition = nodeOf(command.def, "ColumnDef");
      if (!definition?.typeName) break;
      const raw = statement.textFrom(definition.typeName.location, context.end, COLUMN_RULES) ?? "";
      const using = definition.raw_default && statement.expression(definition.raw_default, context.end);
      return [
        {
          kind: "alter_column_type",
          table,
          column,
          type: dataTypeFromTypeName(definition.typeName, raw),
          ...(using === undefined ? {} : { using }),
          span,
        },
      ];
    }
    case "AT_SetNotNull":
    case "AT_DropNotNull":
      return [
        { kind: "set_nullability", table, column, nullable: command.subtype === "AT_DropNotNull", span },
      ];
    case "AT_ColumnDefault": {
      if (!command.def) return [{ kind: "set_default", table, column, span }];
      const text = statement.expression(command.def, context.end);
      return [
        {
          kind: "set_default",
          table,
          column,
          ...(text === undefined ? {} : { default: text }),
          volatileDefault: isVolatileExpression(command.def),
          span,
        },
      ];
    }
    case "AT_AddConstraint":
      return addConstraintChanges(table, command.def, context, described);
    case "AT_DropConstraint":
      return [
        {
          kind: "drop_constraint",
          table,
          name: column,
          ifExists: Boolean(command.missing_ok),
          cascade: command.behavior === "DROP_CASCADE",
          span,
        },
      ];
    case "AT_ValidateConstraint":
      return [{ kind: "validate_constraint", table, name: column, span }];
    case "AT_AttachPartition":
    case "AT_DetachPartition": {
      const partitionCommand = nodeOf(command.def, "PartitionCmd");
      const partition = formatRelation(relationName(partitionCommand?.name));
      if (command.subtype === "AT_AttachPartition")
        return [{ kind: "add_partition", table, partition, span }];
      const concurrently = Boolean(partitionCommand?.concurrent);
      return [{ kind: "detach_partition", table, partition, concurrently, span }];
    }
    case "AT_SetRelOptions":
      return [{ kind: "set_properties", table, properties: relationOptions(command.def), span }];
  }
  return [
    {
      kind: "opaque",
      statement: described,
      reason: `ALTER TABLE subcommand ${command.subtype ?? "?"} is not understood`,
      mayAffect: [table],
      span,
    },
  ];
}

function addConstraintChanges(
  table: RelationName,
  definition: Node | undefined,
  context: SubcommandContext,
  described: string,
): Change[] {
  const constraint = nodeOf(definition, "Constraint");
  const span = context.statement.spanOf(
    context.statement.elementRange(constraint?.location, context.end) ?? context.range,
  );
  if (constraint?.contype === "CONSTR_NOTNULL") {
    // PostgreSQL 18: ADD CONSTRAINT name NOT NULL column.
    return (constraint.keys ?? []).map(
      (key): Change => ({
        kind: "set_nullability",
        table,
        column: nodeOf(key, "String")?.sval ?? "",
        nullable: false,
        span,
      }),
    );
  }
  if (constraint?.contype === "CONSTR_EXCLUSION")
    return [{ kind: "no_schema_effect", statement: described, span }];
  const mapped = constraint && mapConstraint(constraint, context.statement, context.end);
  if (mapped) return [{ kind: "add_constraint", table, constraint: mapped, span }];
  return [
    {
      kind: "opaque",
      statement: described,
      reason: "constraint kind not understood",
      mayAffect: [table],
      span,
    },
  ];
}

/** `SET (fillfactor = 70, autovacuum_enabled = false)` as name -> value text. */
function relationOptions(definition: Node | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  for (const node of nodeOf(definition, "List")?.items ?? []) {
    const element = nodeOf(node, "DefElem");
    if (!element?.defname) continue;
    const name = element.defnamespace ? `${element.defnamespace}.${element.defname}` : element.defname;
    options[name] = definitionValue(element.arg);
  }
  return options;
}

/** The value of a DefElem argument as text (`true` when the option is given without a value). */
function definitionValue(arg: Node | undefined): string {
  if (arg === undefined) return "true";
  const text =
    nodeOf(arg, "String")?.sval ??
    nodeOf(arg, "Float")?.fval ??
    nodeOf(arg, "Boolean")?.boolval?.toString() ??
    nodeOf(arg, "Integer")?.ival?.toString();
  if (text !== undefined) return text;
  if (nodeOf(arg, "Integer")) return "0";
  if (nodeOf(arg, "Boolean")) return "false";
  const typeName = nodeOf(arg, "TypeName");
  if (typeName) return (typeName.names ?? []).map((name) => nodeOf(name, "String")?.sval ?? "").join(".");
  return "";
}
