/**
 * Schematic as a library: the same pieces the CLI uses, for tools that embed the check (the GitHub
 * Action, a Dagster asset check, an editor). Re-exports only.
 */
export { RULES } from "../rules/index.js";
export type { Catalog, Column, QualifiedName, Relation, Table, View } from "./catalog/model.js";
export { emptyCatalog, findColumn, findRelation, findTable } from "./catalog/model.js";
export type { FileReplay, ParsedScript, ReplayedChange } from "./catalog/replay.js";
export { replayScripts } from "./catalog/replay.js";
export type {
  AnalysisInputs,
  AnalysisSettings,
  CheckOptions,
  CheckResult,
  CheckSummary,
} from "./check/check.js";
export { analyze, runCheck } from "./check/check.js";
export { parseScript } from "./check/parse-script.js";
export type { SchematicConfig, Severity } from "./config/config.js";
export { emptyConfig, findConfigFile, loadConfig, parseConfig } from "./config/config.js";
export type { CheckSettings, SettingsInput } from "./config/settings.js";
export { resolveSettings } from "./config/settings.js";
export { locateArtifacts } from "./dbt/locate.js";
export { parseManifest, readManifest } from "./dbt/manifest.js";
export type { DbtNode, DbtProject } from "./dbt/model.js";
export type { Dialect, DialectCapabilities, DialectName } from "./dialects/dialect.js";
export { createDialect, DIALECT_NAMES, DIALECT_SPELLINGS, resolveDialectName } from "./dialects/index.js";
export { EXIT_BAD_INPUT, EXIT_BLOCKED, EXIT_OK, SchematicError } from "./errors.js";
export type { Diagnostic, Impact } from "./lint/diagnostic.js";
export type { Rule, RuleContext, RuleMeta } from "./lint/rule.js";
export { defineRule } from "./lint/rule.js";
export { runRules } from "./lint/runner.js";
export { migrationChecksum } from "./migrations/checksum.js";
export type { Migration, MigrationScript, MigrationSource } from "./migrations/loader.js";
export { filesSource, loadMigrations, loadMigrationsFrom, memorySource } from "./migrations/loader.js";
export { redactSecrets, redactUrl } from "./redact.js";
export { formatGithub } from "./report/github.js";
export { formatJson } from "./report/json.js";
export { formatMarkdown } from "./report/markdown.js";
export type { Report, ReportSummary } from "./report/report.js";
export { formatSarif } from "./report/sarif.js";
export { formatText } from "./report/text.js";
export type { Change, ParsedSql, ParsedStatement } from "./sql/changes.js";
export type { DataType, TypeCompatibility } from "./sql/data-type.js";
export { compareTypes } from "./sql/type-compat.js";
