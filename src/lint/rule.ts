import type { Catalog, QualifiedName } from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { DialectCapabilities, DialectName, DialectRuleHooks } from "../dialects/dialect.js";
import type { IdentifierCase } from "../dialects/identifiers.js";
import type { DataType, TypeCompatibility } from "../sql/data-type.js";
import type { Span } from "../sql/span.js";
import type { DbtImpact } from "./dbt-impact.js";
import type { Impact, Severity } from "./diagnostic.js";

export type RuleCategory =
  | "dbt"
  | "integrity"
  | "safety"
  | "naming"
  | "types"
  | "constraints"
  | "partitions"
  | "locks"
  | "online-ddl"
  | "schema-change";

/**
 * The seeds' safety levels. basic: data loss and broken dbt models only; recommended (the default): also
 * locks, types and constraints; strict: every rule, warnings raised to errors.
 */
export { PRESET_NAMES, type PresetName } from "../config/config.js";

import type { PresetName } from "../config/config.js";

/** Declarative metadata: severity comes from configuration, never from the rule's code. */
export interface RuleMeta<Options extends object = Record<string, never>> {
  /** kebab-case, starting with a verb; equals the file name. */
  readonly id: string;
  readonly description: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  /** Runs only when the dialect has these capabilities (never a dialect name). */
  readonly requires?: Partial<DialectCapabilities>;
  /** Runs only when the dialect provides these hooks. */
  readonly requiresHooks?: readonly (keyof DialectRuleHooks)[];
  /** The presets that enable the rule (strict enables every rule whatever this says). */
  readonly presets: readonly PresetName[];
  /** For `schematic rules` and the docs: where the rule can fire, worked out from `requires` when absent. */
  readonly dialects?: readonly DialectName[];
  /** Needs a dbt project to say anything. */
  readonly needsDbt?: boolean;
  /** Message templates keyed by message id; `{{name}}` is replaced from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  readonly defaultOptions: Options;
}

/** What the database under check can tell a rule, without the rule knowing which database it is. */
export interface DialectHooks {
  readonly capabilities: DialectCapabilities;
  readonly hooks: DialectRuleHooks;
  /** How the database folds and compares names; the catalogs the rule sees compare by it too. */
  readonly identifiers: IdentifierCase;
  compareTypes(from: DataType, to: DataType): TypeCompatibility;
  normalizeType(raw: string): DataType;
}

export interface RuleReport {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly span: Span;
  readonly object?: string;
  readonly impacts?: readonly Impact[];
  readonly help?: string;
  /**
   * The most this finding can weigh whatever the configuration says: a rule whose danger depends on a
   * database capability (MySQL fills an implicit default) reports at most a warning there.
   */
  readonly maxSeverity?: Severity;
}

/**
 * What is known about a migration as a file in the repository rather than as SQL, gathered by the check
 * (git, the file list) before the rules run. Plain data: it crosses to the parse worker.
 */
export interface MigrationFileFacts {
  /** Its version, and the other files with the same one (a version must name one migration). */
  readonly version?: string;
  readonly sameVersionAs?: readonly string[];
  /** It exists at the base ref, and the change edits its statements: where the first edited token is. */
  readonly editedSinceBase?: { readonly span: Span };
  /** It is new in the change, but sorts before this migration, which exists at the base ref. */
  readonly sortsBefore?: string;
}

export interface RuleContext {
  readonly file: FileReplay;
  /** The file's facts (see MigrationFileFacts); absent when the check gathered none for it. */
  readonly migrationFile?: MigrationFileFacts;
  /**
   * The catalog before the change under review: before the first pending file, or before this file
   * when the whole history is checked. "Existing table" means present here.
   */
  readonly baseline: Catalog;
  /**
   * The catalog at the end of the change under review (after the last pending file), or after this file
   * when it is history: what exists once the whole change has run (an index created in a later file).
   */
  readonly reviewEnd: Catalog;
  readonly dialect: DialectHooks;
  /** Downstream dbt knowledge; absent when no dbt project is configured. */
  readonly dbt?: DbtImpact;
  report(report: RuleReport): void;
}

export interface Rule<Options extends object = any> {
  readonly meta: RuleMeta<Options>;
  check(context: RuleContext, options: Options): void;
}

export function defineRule<Options extends object>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** Changes of one kind in a file, with their catalog states. */
export function changesOfKind<K extends ReplayedChange["change"]["kind"]>(
  file: FileReplay,
  ...kinds: K[]
): (ReplayedChange & { change: Extract<ReplayedChange["change"], { kind: K }> })[] {
  return file.changes.filter((entry) => (kinds as string[]).includes(entry.change.kind)) as any;
}

export function formatQualified(name: QualifiedName, column?: string): string {
  // An empty schema is the current database of MySQL and StarRocks, which the history does not name.
  const table = name.schema ? `${name.schema}.${name.name}` : name.name;
  return column === undefined ? table : `${table}.${column}`;
}

export function renderMessage(
  template: string,
  data: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) =>
    key in data ? String(data[key]) : match,
  );
}
