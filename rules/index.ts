import type { Rule } from "../src/lint/rule.js";
import avoidDdlOnDbtRelations from "./avoid-ddl-on-dbt-relations.js";
import avoidEnumRebuild from "./avoid-enum-rebuild.js";
import avoidRenames from "./avoid-renames.js";
import banConcurrentIndexInTransaction from "./ban-concurrent-index-in-transaction.js";
import banDataTypes from "./ban-data-types.js";
import banDestructiveTypeChange from "./ban-destructive-type-change.js";
import banDropColumn from "./ban-drop-column.js";
import banDropPartition from "./ban-drop-partition.js";
import banDropSchema from "./ban-drop-schema.js";
import banDropTable from "./ban-drop-table.js";
import banDuplicateVersions from "./ban-duplicate-versions.js";
import banFloatForMoney from "./ban-float-for-money.js";
import banFloatKeys from "./ban-float-keys.js";
import banIgnoredReferences from "./ban-ignored-references.js";
import banKeyColumnChange from "./ban-key-column-change.js";
import banMigrationEdits from "./ban-migration-edits.js";
import banNullToNotNull from "./ban-null-to-not-null.js";
import banPrimaryKeyOnNullable from "./ban-primary-key-on-nullable.js";
import banReservedWords from "./ban-reserved-words.js";
import banTableRewrite from "./ban-table-rewrite.js";
import banTimestamp2038 from "./ban-timestamp-2038.js";
import banTruncate from "./ban-truncate.js";
import banUniqueOnExistingColumns from "./ban-unique-on-existing-columns.js";
import banUnsupportedTypeChange from "./ban-unsupported-type-change.js";
import banVolatileDefault from "./ban-volatile-default.js";
import enforceNamingConvention from "./enforce-naming-convention.js";
import limitDecimalPrecision from "./limit-decimal-precision.js";
import limitIdentifierLength from "./limit-identifier-length.js";
import limitSchemaChangesPerTable from "./limit-schema-changes-per-table.js";
import preferBigintKeys from "./prefer-bigint-keys.js";
import preferStringType from "./prefer-string-type.js";
import preferTimestamptz from "./prefer-timestamptz.js";
import protectDbtColumns from "./protect-dbt-columns.js";
import protectDbtNotNull from "./protect-dbt-not-null.js";
import protectDbtTypes from "./protect-dbt-types.js";
import requireAggregateColumnType from "./require-aggregate-column-type.js";
import requireCheckBeforeSetNotNull from "./require-check-before-set-not-null.js";
import requireColumns from "./require-columns.js";
import requireConcurrentIndexCreation from "./require-concurrent-index-creation.js";
import requireFkIndex from "./require-fk-index.js";
import requireKeyPartitionColumns from "./require-key-partition-columns.js";
import requireLockTimeout from "./require-lock-timeout.js";
import requireMigrationOrder from "./require-migration-order.js";
import requireNamedConstraints from "./require-named-constraints.js";
import requireNotNullDefault from "./require-not-null-default.js";
import requireNotValidConstraints from "./require-not-valid-constraints.js";
import requireOnlineDdlOptions from "./require-online-ddl-options.js";
import requirePartitioning from "./require-partitioning.js";
import requirePrimaryKey from "./require-primary-key.js";
import requireUnquotedIdentifiers from "./require-unquoted-identifiers.js";
import requireUtf8mb4 from "./require-utf8mb4.js";

/** Every rule, sorted by id (written by `npm run register-rules`; the meta-test checks it). */
export const RULES: readonly Rule[] = [
  avoidDdlOnDbtRelations,
  avoidEnumRebuild,
  avoidRenames,
  banConcurrentIndexInTransaction,
  banDataTypes,
  banDestructiveTypeChange,
  banDropColumn,
  banDropPartition,
  banDropSchema,
  banDropTable,
  banDuplicateVersions,
  banFloatForMoney,
  banFloatKeys,
  banIgnoredReferences,
  banKeyColumnChange,
  banMigrationEdits,
  banNullToNotNull,
  banPrimaryKeyOnNullable,
  banReservedWords,
  banTableRewrite,
  banTimestamp2038,
  banTruncate,
  banUniqueOnExistingColumns,
  banUnsupportedTypeChange,
  banVolatileDefault,
  enforceNamingConvention,
  limitDecimalPrecision,
  limitIdentifierLength,
  limitSchemaChangesPerTable,
  preferBigintKeys,
  preferStringType,
  preferTimestamptz,
  protectDbtColumns,
  protectDbtNotNull,
  protectDbtTypes,
  requireAggregateColumnType,
  requireCheckBeforeSetNotNull,
  requireColumns,
  requireConcurrentIndexCreation,
  requireFkIndex,
  requireKeyPartitionColumns,
  requireLockTimeout,
  requireMigrationOrder,
  requireNamedConstraints,
  requireNotNullDefault,
  requireNotValidConstraints,
  requireOnlineDdlOptions,
  requirePartitioning,
  requirePrimaryKey,
  requireUnquotedIdentifiers,
  requireUtf8mb4,
];
