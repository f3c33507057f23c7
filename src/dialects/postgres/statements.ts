/** One parsed PostgreSQL statement to the typed changes it makes. */
import type {
  AlterObjectSchemaStmt,
  CommentStmt,
  CopyStmt,
  CreateSchemaStmt,
  DropStmt,
  IndexStmt,
  Node,
  RenameStmt,
  TransactionStmt,
  VariableSetStmt,
} from "libpg-query";
import { lookupTable } from "../../lookup-table.js";
import type { Change, DataVerb, IndexDef, RelationName } from "../../sql/changes.js";
import { alterTableChanges } from "./alter-table.js";
import { mentionedRelations, nodeOf, nodeType, relationFromNames, relationName, strings } from "./ast.js";
import type { StatementContext } from "./context.js";
import { createTableAsChanges, createTableChanges, createViewChanges } from "./create-table.js";
import { doBlockChanges } from "./do-block.js";

/**
 * Statements that change functions, types, roles, privileges, extensions, sequences, policies,
 * publications, statistics or session state: understood, and without effect on tables' shapes.
 */
const WITHOUT_SCHEMA_EFFECT = new Set([
  "CreateFunctionStmt",
  "AlterFunctionStmt",
  "CreateTrigStmt",
  "CreateEventTrigStmt",
  "AlterEventTrigStmt",
  "GrantStmt",
  "GrantRoleStmt",
  "AlterDefaultPrivilegesStmt",
  "CreateExtensionStmt",
  "AlterExtensionStmt",
  "AlterExtensionContentsStmt",
  "DefineStmt",
  "CompositeTypeStmt",
  "CreateEnumStmt",
  "AlterEnumStmt",
  "CreateRangeStmt",
  "CreateDomainStmt",
  "AlterDomainStmt",
  "AlterTypeStmt",
  "CreateSeqStmt",
  "AlterSeqStmt",
  "CreatePolicyStmt",
  "AlterPolicyStmt",
  "CreatePublicationStmt",
  "AlterPublicationStmt",
  "CreateSubscriptionStmt",
  "AlterSubscriptionStmt",
  "DropSubscriptionStmt",
  "CreateRoleStmt",
  "AlterRoleStmt",
  "AlterRoleSetStmt",
  "DropRoleStmt",
  "AlterOwnerStmt",
  "RuleStmt",
  "CreateCastStmt",
  "CreateOpClassStmt",
  "CreateOpFamilyStmt",
  "AlterOpFamilyStmt",
  "AlterOperatorStmt",
  "CreateConversionStmt",
  "CreateTransformStmt",
  "CreatePLangStmt",
  "CreateAmStmt",
  "CreateStatsStmt",
  "AlterStatsStmt",
  "AlterCollationStmt",
  "AlterTSConfigurationStmt",
  "AlterTSDictionaryStmt",
  "CreateFdwStmt",
  "AlterFdwStmt",
  "CreateForeignServerStmt",
  "AlterForeignServerStmt",
  "CreateUserMappingStmt",
  "AlterUserMappingStmt",
  "DropUserMappingStmt",
  "CreateTableSpaceStmt",
  "DropTableSpaceStmt",
  "AlterTableSpaceOptionsStmt",
  "CreatedbStmt",
  "AlterDatabaseStmt",
  "AlterDatabaseSetStmt",
  "AlterDatabaseRefreshCollStmt",
  "DropdbStmt",
  "AlterSystemStmt",
  "AlterObjectDependsStmt",
  "SecLabelStmt",
  "ConstraintsSetStmt",
  "NotifyStmt",
  "ListenStmt",
  "UnlistenStmt",
  "LockStmt",
  "VacuumStmt",
  "ClusterStmt",
  "ReindexStmt",
  "RefreshMatViewStmt",
  "CheckPointStmt",
  "DiscardStmt",
  "LoadStmt",
  "VariableShowStmt",
  "ExplainStmt",
  "PrepareStmt",
  "DeallocateStmt",
  "DeclareCursorStmt",
  "FetchStmt",
  "ClosePortalStmt",
  "ReassignOwnedStmt",
  "AlterTableMoveAllStmt",
]);

/** DROP of these object kinds removes relations from the catalog. */
const DROPPED_RELATIONS: Readonly<Record<string, "table" | "view" | "materialized view">> = lookupTable({
  OBJECT_TABLE: "table",
  OBJECT_FOREIGN_TABLE: "table",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
});

export function statementChanges(node: Node, context: StatementContext): Change[] {
  const span = context.span;
  const type = nodeType(node);
  if (WITHOUT_SCHEMA_EFFECT.has(type)) {
    return [{ kind: "no_schema_effect", statement: context.leadingKeywords() || type, span }];
  }
  const create = nodeOf(node, "CreateStmt");
  if (create) return createTableChanges(create, context);
  const foreign = nodeOf(node, "CreateForeignTableStmt");
  if (foreign?.base) return createTableChanges(foreign.base, context);
  const createAs = nodeOf(node, "CreateTableAsStmt");
  if (createAs) return createTableAsChanges(createAs, context);
  const view = nodeOf(node, "ViewStmt");
  if (view) return createViewChanges(view, context);
  const alter = nodeOf(node, "AlterTableStmt");
  if (alter) return alterTableChanges(alter, context);
  const rename = nodeOf(node, "RenameStmt");
  if (rename) return renameChanges(rename, context);
  const setSchema = nodeOf(node, "AlterObjectSchemaStmt");
  if (setSchema) return setSchemaChanges(setSchema, context);
  const drop = nodeOf(node, "DropStmt");
  if (drop) return dropChanges(drop, context);
  const index = nodeOf(node, "IndexStmt");
  if (index) return [createIndexChange(index, context)];
  const schema = nodeOf(node, "CreateSchemaStmt");
  if (schema) return createSchemaChanges(schema, context);
  const truncate = nodeOf(node, "TruncateStmt");
  if (truncate) {
    return (truncate.relations ?? []).map(
      (relation): Change => ({
        kind: "truncate_table",
        table: relationName(nodeOf(relation, "RangeVar")),
        span,
      }),
    );
  }
  const setting = nodeOf(node, "VariableSetStmt");
  if (setting) return [settingChange(setting, context)];
  const setConfig = setConfigChanges(node, context);
  if (setConfig) return setConfig;
  const transaction = nodeOf(node, "TransactionStmt");
  if (transaction) return [transactionChange(transaction, context)];
  const comment = nodeOf(node, "CommentStmt");
  if (comment) return [commentChange(comment, context)];
  const doBlock = nodeOf(node, "DoStmt");
  if (doBlock) return doBlockChanges(doBlock, context);
  const data = dataChange(node, context);
  if (data) return [data];
  return [opaque(node, context, OPAQUE_REASONS[type] ?? `${type || "statement"} is not understood`)];
}

/** Statements that are understood well enough to know that their effect cannot be known from the text. */
const OPAQUE_REASONS: Readonly<Record<string, string>> = lookupTable({
  DropOwnedStmt: "DROP OWNED drops every object the role owns, and the migration does not say which",
  ExecuteStmt: "EXECUTE runs a prepared statement that may have been prepared elsewhere",
  ImportForeignSchemaStmt:
    "IMPORT FOREIGN SCHEMA creates foreign tables whose definitions live on the remote server",
});

function opaque(node: unknown, context: StatementContext, reason: string): Change {
  return {
    kind: "opaque",
    statement: context.leadingKeywords() || nodeType(node as Node),
    reason,
    mayAffect: mentionedRelations(node),
    span: context.span,
  };
}

function renameChanges(statement: RenameStmt, context: StatementContext): Change[] {
  const span = context.span;
  const relation = relationName(statement.relation);
  const to = statement.newname ?? "";
  switch (statement.renameType) {
    case "OBJECT_TABLE":
    case "OBJECT_FOREIGN_TABLE":
      return [{ kind: "rename_table", table: relation, to: { name: to }, span }];
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
      return [
        {
          kind: "rename_view",
          view: relation,
          to: { name: to },
          materialized: statement.renameType === "OBJECT_MATVIEW",
          span,
        },
      ];
    case "OBJECT_COLUMN":
      return [{ kind: "rename_column", table: relation, from: statement.subname ?? "", to, span }];
    case "OBJECT_INDEX":
      return [
        {
          kind: "rename_index",
          ...(relation.schema === undefined ? {} : { schema: relation.schema }),
          from: relation.name,
          to,
          span,
        },
      ];
    case "OBJECT_SCHEMA":
      return [{ kind: "rename_schema", from: statement.subname ?? "", to, span }];
    case "OBJECT_TABCONSTRAINT":
      return [{ kind: "rename_constraint", table: relation, from: statement.subname ?? "", to, span }];
  }
  // Sequences, functions, types, triggers, policies, domain constraints: the catalog has no place for
  // their names.
  return [{ kind: "no_schema_effect", statement: context.leadingKeywords(), span }];
}

function setSchemaChanges(statement: AlterObjectSchemaStmt, context: StatementContext): Change[] {
  const span = context.span;
  const relation = relationName(statement.relation);
  const to: RelationName = { schema: statement.newschema ?? "", name: relation.name };
  switch (statement.objectType) {
    case "OBJECT_TABLE":
    case "OBJECT_FOREIGN_TABLE":
      return [{ kind: "rename_table", table: relation, to, span }];
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
      return [
        {
          kind: "rename_view",
          view: relation,
          to,
          materialized: statement.objectType === "OBJECT_MATVIEW",
          span,
        },
      ];
  }
  return [{ kind: "no_schema_effect", statement: context.leadingKeywords(), span }];
}

/** Object kinds whose DROP ... CASCADE silently drops table columns that use them. */
const CASCADES_INTO_COLUMNS = new Set(["OBJECT_TYPE", "OBJECT_DOMAIN", "OBJECT_EXTENSION"]);

function dropChanges(statement: DropStmt, context: StatementContext): Change[] {
  const span = context.span;
  const ifExists = Boolean(statement.missing_ok);
  const cascade = statement.behavior === "DROP_CASCADE";
  const removeType = statement.removeType ?? "";
  const objects = statement.objects ?? [];
  const names = (object: Node) => strings(nodeOf(object, "List")?.items ?? [object]);
  const relationKind = DROPPED_RELATIONS[removeType];
  if (relationKind === "table") {
    return objects.map((object): Change => {
      const table = relationFromNames(names(object));
      return { kind: "drop_table", table, ifExists, cascade, span };
    });
  }
  if (relationKind !== undefined) {
    return objects.map(
      (object): Change => ({
        kind: "drop_view",
        name: relationFromNames(names(object)),
        materialized: relationKind === "materialized view",
        ifExists,
        cascade,
        span,
      }),
    );
  }
  if (removeType === "OBJECT_INDEX") {
    return objects.map((object): Change => {
      const index = relationFromNames(names(object));
      return {
        kind: "drop_index",
        name: index.name,
        ...(index.schema === undefined ? {} : { schema: index.schema }),
        ifExists,
        concurrently: Boolean(statement.concurrent),
        span,
      };
    });
  }
  if (removeType === "OBJECT_SCHEMA") {
    return objects.map(
      (object): Change => ({ kind: "drop_schema", schema: names(object)[0] ?? "", ifExists, cascade, span }),
    );
  }
  if (cascade && CASCADES_INTO_COLUMNS.has(removeType)) {
    return [
      {
        kind: "opaque",
        statement: context.leadingKeywords(),
        reason:
          "DROP ... CASCADE also drops the table columns that use it, and Schematic does not track which",
        mayAffect: [],
        span,
      },
    ];
  }
  return [{ kind: "no_schema_effect", statement: context.leadingKeywords(), span }];
}

/** An index expression ends before its ordering, collation or operator class. */
const INDEX_ELEMENT_RULES = {
  stopWords: new Set(["asc", "desc", "nulls", "collate"]),
  identifierAfterParenEnds: true,
};

function createIndexChange(statement: IndexStmt, context: StatementContext): Change {
  const columns = (statement.indexParams ?? []).map((param) => {
    const element = nodeOf(param, "IndexElem");
    if (element?.name !== undefined) return element.name;
    return context.expression(element?.expr, context.end, INDEX_ELEMENT_RULES) ?? "";
  });
  const where = statement.whereClause && context.expression(statement.whereClause);
  const index: IndexDef = {
    ...(statement.idxname === undefined ? {} : { name: statement.idxname }),
    table: relationName(statement.relation),
    columns,
    unique: Boolean(statement.unique),
    concurrently: Boolean(statement.concurrent),
    ...(statement.accessMethod === undefined ? {} : { method: statement.accessMethod }),
    ...(where === undefined ? {} : { where }),
  };
  return { kind: "create_index", index, ifNotExists: Boolean(statement.if_not_exists), span: context.span };
}

function createSchemaChanges(statement: CreateSchemaStmt, context: StatementContext): Change[] {
  const schema = statement.schemaname ?? statement.authrole?.rolename ?? "";
  const changes: Change[] = [
    { kind: "create_schema", schema, ifNotExists: Boolean(statement.if_not_exists), span: context.span },
  ];
  // CREATE SCHEMA s CREATE TABLE t (...): the elements are statements of their own.
  for (const element of statement.schemaElts ?? []) changes.push(...statementChanges(element, context));
  return changes;
}

/**
 * `SELECT set_config('lock_timeout', '5s', false)`: a SET written as a function call, as tools and
 * pg_dump (`set_config('search_path', '', false)`) write it. Only a bare SELECT of set_config calls with
 * constant arguments counts; anything else stays a query.
 */
function setConfigChanges(node: Node, context: StatementContext): Change[] | undefined {
  const select = nodeOf(node, "SelectStmt");
  if (!select?.targetList?.length || select.fromClause || select.whereClause) return undefined;
  const changes: Change[] = [];
  for (const target of select.targetList) {
    const call = (target as { ResTarget?: { val?: Node } }).ResTarget?.val;
    const func = call && nodeOf(call, "FuncCall");
    const name = strings(func?.funcname);
    if (name.at(-1)?.toLowerCase() !== "set_config" || (name.length === 2 && name[0] !== "pg_catalog"))
      return undefined;
    const [setting, value, local] = (func?.args ?? []).map(constantOf);
    if (typeof setting !== "string" || typeof value !== "string" || typeof local !== "boolean")
      return undefined;
    changes.push({
      kind: "set_option",
      name: setting.toLowerCase(),
      value,
      ...(local && { local: true }),
      span: context.span,
    });
  }
  return changes;
}

/** A string or boolean constant's value; undefined for anything else. */
function constantOf(node: Node): string | boolean | undefined {
  const constant = nodeOf(node, "A_Const") as
    | { sval?: { sval?: string }; boolval?: { boolval?: boolean }; isnull?: boolean }
    | undefined;
  if (!constant || constant.isnull) return undefined;
  if (constant.sval) return constant.sval.sval ?? "";
  if (constant.boolval) return constant.boolval.boolval === true;
  return undefined;
}

function settingChange(statement: VariableSetStmt, context: StatementContext): Change {
  const local = statement.is_local ? { local: true } : {};
  const span = context.span;
  switch (statement.kind) {
    case "VAR_SET_VALUE":
      return {
        kind: "set_option",
        name: statement.name ?? "",
        value: settingValue(statement, context),
        ...local,
        span,
      };
    case "VAR_SET_DEFAULT":
    case "VAR_RESET":
      return { kind: "set_option", name: statement.name ?? "", value: "DEFAULT", ...local, span };
    case "VAR_RESET_ALL":
      return { kind: "set_option", name: "all", value: "DEFAULT", span };
    default:
      // SET TRANSACTION ..., SET SESSION CHARACTERISTICS ..., SET ... FROM CURRENT.
      return { kind: "no_schema_effect", statement: context.leadingKeywords(), span };
  }
}

/** `SET lock_timeout = '2s'` -> `2s`; lists keep their commas (`search_path = a, public` -> `a, public`). */
function settingValue(statement: VariableSetStmt, context: StatementContext): string {
  const values = (statement.args ?? []).map((arg) => {
    const constant = nodeOf(arg, "A_Const");
    if (constant?.sval) return constant.sval.sval ?? "";
    if (constant?.ival) return String(constant.ival.ival ?? 0);
    if (constant?.fval) return constant.fval.fval ?? "";
    if (constant?.boolval) return String(constant.boolval.boolval ?? false);
    return context.expression(arg) ?? "";
  });
  return values.join(", ");
}

function transactionChange(statement: TransactionStmt, context: StatementContext): Change {
  const span = context.span;
  switch (statement.kind) {
    case "TRANS_STMT_BEGIN":
    case "TRANS_STMT_START":
      return { kind: "transaction", action: "begin", span };
    case "TRANS_STMT_COMMIT":
      return { kind: "transaction", action: "commit", span };
    case "TRANS_STMT_ROLLBACK":
      return { kind: "transaction", action: "rollback", span };
    default:
      return { kind: "no_schema_effect", statement: context.leadingKeywords(), span };
  }
}

const COMMENTED_RELATIONS = new Set([
  "OBJECT_TABLE",
  "OBJECT_VIEW",
  "OBJECT_MATVIEW",
  "OBJECT_FOREIGN_TABLE",
]);

function commentChange(statement: CommentStmt, context: StatementContext): Change {
  const span = context.span;
  const names = strings(nodeOf(statement.object, "List")?.items);
  const comment = statement.comment === undefined ? {} : { comment: statement.comment };
  if (COMMENTED_RELATIONS.has(statement.objtype ?? "")) {
    return { kind: "set_comment", table: relationFromNames(names), ...comment, span };
  }
  if (statement.objtype === "OBJECT_COLUMN" && names.length >= 2) {
    const column = names[names.length - 1]!;
    return { kind: "set_comment", table: relationFromNames(names.slice(0, -1)), column, ...comment, span };
  }
  return { kind: "no_schema_effect", statement: context.leadingKeywords(), span };
}

const DATA_STATEMENTS: Readonly<Record<string, DataVerb>> = lookupTable({
  InsertStmt: "insert",
  UpdateStmt: "update",
  DeleteStmt: "delete",
  MergeStmt: "merge",
  CopyStmt: "copy",
  SelectStmt: "select",
  CallStmt: "call",
});

function dataChange(node: Node, context: StatementContext): Change | undefined {
  const type = nodeType(node);
  const verb = DATA_STATEMENTS[type];
  if (verb === undefined) return undefined;
  const span = context.span;
  const select = nodeOf(node, "SelectStmt");
  if (select?.intoClause) {
    // SELECT ... INTO new_table: a CREATE TABLE AS in disguise.
    const into = select.intoClause.rel;
    const table = {
      name: relationName(into),
      columns: [],
      constraints: [],
      columnsUnknown: true,
      ...(into?.relpersistence === "t" ? { temporary: true } : {}),
      ...(into?.relpersistence === "u" ? { unlogged: true } : {}),
    };
    return { kind: "create_table", table, ifNotExists: false, span };
  }
  const payload = (node as Record<string, { relation?: CopyStmt["relation"] }>)[type];
  const relation = payload?.relation;
  return relation
    ? { kind: "data", verb, table: relationName(relation), span }
    : { kind: "data", verb, span };
}
