import type { DataType } from "./data-type.js";
import type { Span } from "./span.js";

/**
 * A relation name as the statement wrote it, already case-folded by the dialect
 * (PostgreSQL folds unquoted names to lower case; quoted names keep their case).
 * `schema` is absent when the statement did not qualify the name; the catalog resolves it
 * against the configured default schema (search_path / current database).
 */
export interface RelationName {
  readonly schema?: string;
  readonly name: string;
}

export interface ForeignKeyReference {
  readonly table: RelationName;
  /** Referenced columns; empty means the referenced table's primary key. */
  readonly columns: readonly string[];
  readonly onDelete?: string;
  readonly onUpdate?: string;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** The default expression's SQL text, when there is one. */
  readonly default?: string;
  /** True when the default is evaluated per row at write time (now(), random(), nextval(), gen_random_uuid()). */
  readonly volatileDefault?: boolean;
  readonly identity?: boolean;
  /** Its value is computed from other columns of the row, never written. */
  readonly generated?: GeneratedColumn;
  readonly comment?: string;
  /** StarRocks AGGREGATE-model value column function: SUM, MAX, REPLACE, BITMAP_UNION, ... */
  readonly aggregate?: string;
  /** StarRocks: the column is part of the table's sort/aggregate key. */
  readonly key?: boolean;
  readonly autoIncrement?: boolean;
  readonly charset?: string;
  readonly collation?: string;
  readonly span?: Span;
}

export interface GeneratedColumn {
  /**
   * `stored`: computed when the row is written and kept in the table (PostgreSQL STORED, MySQL STORED /
   * MariaDB PERSISTENT, every StarRocks generated column). `virtual`: computed when read, nothing stored
   * (MySQL's default, PostgreSQL 18's default VIRTUAL).
   */
  readonly storage: "stored" | "virtual";
  /** The expression's SQL text. */
  readonly expression: string;
}

export type Constraint =
  | { readonly kind: "primary_key"; readonly name?: string; readonly columns: readonly string[] }
  | { readonly kind: "unique"; readonly name?: string; readonly columns: readonly string[] }
  | {
      readonly kind: "foreign_key";
      readonly name?: string;
      readonly columns: readonly string[];
      readonly references: ForeignKeyReference;
      /** PostgreSQL NOT VALID: existing rows are not checked now. */
      readonly notValid?: boolean;
      /** The database does not enforce it (StarRocks FKs; MySQL inline column REFERENCES). */
      readonly informational?: boolean;
    }
  | {
      readonly kind: "check";
      readonly name?: string;
      readonly expression: string;
      readonly notValid?: boolean;
    };

export type ConstraintKind = Constraint["kind"];

export interface Partitioning {
  readonly kind: "range" | "list" | "hash" | "expression";
  readonly columns: readonly string[];
  /** The partition expression when it is not a plain column list (date_trunc('day', ts), ...). */
  readonly expression?: string;
}

export interface Distribution {
  readonly kind: "hash" | "random";
  readonly columns: readonly string[];
  readonly buckets?: number;
}

/** StarRocks table models; other dialects leave it unset. */
export type TableModel = "duplicate" | "aggregate" | "unique" | "primary";

export interface TableDef {
  readonly name: RelationName;
  readonly columns: readonly ColumnDef[];
  /** Table-level and column-level constraints, normalised into one list. */
  readonly constraints: readonly Constraint[];
  readonly partitioning?: Partitioning;
  readonly distribution?: Distribution;
  readonly tableModel?: TableModel;
  /** StarRocks key columns of the table model (DUPLICATE KEY(a,b) ...). */
  readonly keyColumns?: readonly string[];
  readonly orderBy?: readonly string[];
  readonly properties?: Readonly<Record<string, string>>;
  readonly temporary?: boolean;
  readonly unlogged?: boolean;
  /** Created by CREATE TABLE ... AS SELECT (or OF type): its columns are not known from the statement. */
  readonly columnsUnknown?: boolean;
  /**
   * Tables whose columns this one takes before its own (PostgreSQL INHERITS, PARTITION OF, LIKE):
   * the catalog copies them when it knows them, and marks the columns unknown when it does not.
   */
  readonly copiesColumnsFrom?: readonly RelationName[];
  readonly comment?: string;
}

export interface IndexDef {
  readonly name?: string;
  readonly table: RelationName;
  /** Column names, or the SQL text of an expression for expression indexes. */
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly concurrently?: boolean;
  readonly method?: string;
  readonly where?: string;
}

export interface ViewDef {
  readonly name: RelationName;
  readonly materialized: boolean;
  /** Explicit column list, when the statement gave one. */
  readonly columns?: readonly string[];
  /** The defining query's SQL text. */
  readonly query: string;
}

/** DML and other statements that change data, not schema; kept so that rules can reason about them. */
export type DataVerb = "insert" | "update" | "delete" | "merge" | "copy" | "load" | "select" | "call";

/**
 * One typed, dialect-neutral schema change, tied to the source span it came from. Statements parse to
 * zero or more changes; the catalog replays them in order. Unions are keyed by `kind`.
 */
export type Change = (
  | { readonly kind: "create_schema"; readonly schema: string; readonly ifNotExists: boolean }
  | {
      readonly kind: "drop_schema";
      readonly schema: string;
      readonly ifExists: boolean;
      readonly cascade: boolean;
    }
  | { readonly kind: "rename_schema"; readonly from: string; readonly to: string }
  | {
      readonly kind: "create_table";
      readonly table: TableDef;
      readonly ifNotExists: boolean;
      readonly orReplace?: boolean;
    }
  | {
      readonly kind: "drop_table";
      readonly table: RelationName;
      readonly ifExists: boolean;
      readonly cascade: boolean;
    }
  /** RENAME TABLE / ALTER TABLE ... RENAME TO / SET SCHEMA; `to.schema` absent means same schema. */
  | { readonly kind: "rename_table"; readonly table: RelationName; readonly to: RelationName }
  | { readonly kind: "truncate_table"; readonly table: RelationName }
  | {
      readonly kind: "add_column";
      readonly table: RelationName;
      readonly column: ColumnDef;
      readonly ifNotExists: boolean;
      /** MySQL FIRST / AFTER col. */
      readonly position?: string;
    }
  | {
      readonly kind: "drop_column";
      readonly table: RelationName;
      readonly column: string;
      readonly ifExists: boolean;
      readonly cascade: boolean;
    }
  | {
      readonly kind: "rename_column";
      readonly table: RelationName;
      readonly from: string;
      readonly to: string;
    }
  /**
   * A column's type changes. MySQL/StarRocks MODIFY/CHANGE restate the whole column, so they also
   * carry nullability and default in `column`; PostgreSQL ALTER COLUMN TYPE leaves them unset.
   */
  | {
      readonly kind: "alter_column_type";
      readonly table: RelationName;
      readonly column: string;
      readonly type: DataType;
      readonly using?: string;
      readonly restated?: ColumnDef;
    }
  | {
      readonly kind: "set_nullability";
      readonly table: RelationName;
      readonly column: string;
      readonly nullable: boolean;
    }
  | {
      readonly kind: "set_default";
      readonly table: RelationName;
      readonly column: string;
      /** Absent: DROP DEFAULT. */
      readonly default?: string;
      readonly volatileDefault?: boolean;
    }
  | { readonly kind: "add_constraint"; readonly table: RelationName; readonly constraint: Constraint }
  | {
      readonly kind: "drop_constraint";
      readonly table: RelationName;
      /** Named constraint, or the kind for unnamed ones (MySQL DROP PRIMARY KEY). */
      readonly name?: string;
      readonly constraintKind?: ConstraintKind;
      readonly ifExists: boolean;
      readonly cascade?: boolean;
    }
  | { readonly kind: "validate_constraint"; readonly table: RelationName; readonly name: string }
  | {
      readonly kind: "rename_constraint";
      readonly table: RelationName;
      readonly from: string;
      readonly to: string;
    }
  /** StarRocks ALTER TABLE a SWAP WITH b: the two tables exchange names atomically. */
  | { readonly kind: "swap_tables"; readonly table: RelationName; readonly with: RelationName }
  | { readonly kind: "create_index"; readonly index: IndexDef; readonly ifNotExists: boolean }
  | {
      readonly kind: "drop_index";
      readonly name: string;
      readonly schema?: string;
      /** MySQL/StarRocks name the table: DROP INDEX i ON t. */
      readonly table?: RelationName;
      readonly ifExists: boolean;
      readonly concurrently?: boolean;
    }
  | {
      readonly kind: "rename_index";
      readonly schema?: string;
      readonly table?: RelationName;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: "create_view";
      readonly view: ViewDef;
      readonly orReplace: boolean;
      readonly ifNotExists?: boolean;
    }
  | {
      readonly kind: "drop_view";
      readonly name: RelationName;
      readonly materialized: boolean;
      readonly ifExists: boolean;
      readonly cascade?: boolean;
    }
  | {
      readonly kind: "rename_view";
      readonly view: RelationName;
      readonly to: RelationName;
      readonly materialized: boolean;
    }
  | {
      readonly kind: "set_partitioning";
      readonly table: RelationName;
      readonly partitioning: Partitioning | undefined;
    }
  | {
      readonly kind: "add_partition";
      readonly table: RelationName;
      readonly partition: string;
      readonly temporary?: boolean;
    }
  | {
      readonly kind: "drop_partition";
      readonly table: RelationName;
      readonly partition: string;
      readonly ifExists: boolean;
    }
  /**
   * PostgreSQL ALTER TABLE … DETACH PARTITION: the partition leaves the parent and stays a table of its
   * own, rows included. Without CONCURRENTLY it takes ACCESS EXCLUSIVE on the parent.
   */
  | {
      readonly kind: "detach_partition";
      readonly table: RelationName;
      readonly partition: string;
      readonly concurrently: boolean;
    }
  /**
   * MySQL ALTER TABLE … TRUNCATE PARTITION, StarRocks TRUNCATE TABLE … PARTITION (…): the partition stays,
   * its rows are deleted. `partition` absent: every partition (MySQL TRUNCATE PARTITION ALL).
   */
  | { readonly kind: "truncate_partition"; readonly table: RelationName; readonly partition?: string }
  | {
      readonly kind: "rename_partition";
      readonly table: RelationName;
      readonly from: string;
      readonly to: string;
    }
  | { readonly kind: "set_distribution"; readonly table: RelationName; readonly distribution: Distribution }
  | {
      readonly kind: "set_table_model";
      readonly table: RelationName;
      readonly tableModel: TableModel;
      readonly keyColumns: readonly string[];
    }
  | { readonly kind: "set_order_by"; readonly table: RelationName; readonly orderBy: readonly string[] }
  | {
      readonly kind: "set_properties";
      readonly table: RelationName;
      readonly properties: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "set_comment";
      readonly table: RelationName;
      readonly column?: string;
      readonly comment?: string;
    }
  /**
   * How the statement asks the server to run a change, not what the table is: MySQL ALGORITHM= / LOCK=.
   * Kept for the online-DDL rules; the catalog ignores it.
   */
  | {
      readonly kind: "execution_options";
      readonly table: RelationName;
      readonly options: Readonly<Record<string, string>>;
    }
  /** SET lock_timeout = '2s'; SET statement_timeout ...; SET search_path ... */
  | { readonly kind: "set_option"; readonly name: string; readonly value: string; readonly local?: boolean }
  | { readonly kind: "transaction"; readonly action: "begin" | "commit" | "rollback" }
  | { readonly kind: "data"; readonly verb: DataVerb; readonly table?: RelationName }
  /**
   * Understood, and without effect on the table catalog: functions, triggers, grants, extensions,
   * types, sequences, policies, comments on other objects. `statement` names it for reports.
   */
  | { readonly kind: "no_schema_effect"; readonly statement: string }
  /**
   * Not understood. Never dropped: reported as a warning, and `mayAffect` lists the relations it names
   * (best effort) so that the catalog marks them as possibly stale.
   */
  | {
      readonly kind: "opaque";
      readonly statement: string;
      readonly reason: string;
      readonly mayAffect: readonly RelationName[];
    }
) & {
  /** Where the change comes from: the most specific part of the statement (a column definition, say). */
  readonly span: Span;
};

export type ChangeKind = Change["kind"];
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

/** One SQL statement of a migration file and the changes it makes. */
export interface ParsedStatement {
  /** The whole statement, without the trailing semicolon. */
  readonly span: Span;
  /** The parser's name for the statement (AlterTableStmt, ALTER TABLE, ...), for messages. */
  readonly statementType: string;
  readonly changes: readonly Change[];
}

export interface ParseError {
  readonly message: string;
  /** Offset of the error in the file text. */
  readonly offset: number;
  /** What to do about it, when the parser can say. */
  readonly hint?: string;
}

export interface ParsedSql {
  readonly statements: readonly ParsedStatement[];
  readonly errors: readonly ParseError[];
}

export function relationKey(name: RelationName, defaultSchema?: string): string {
  const schema = name.schema ?? defaultSchema;
  return schema === undefined ? name.name : `${schema}.${name.name}`;
}
