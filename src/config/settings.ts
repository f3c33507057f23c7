/**
 * The one place where flags meet the configuration file: command-line values win over schematic.yml, which
 * wins over the defaults. Paths come out absolute: a flag's relative to the working directory, a
 * configuration value's relative to the configuration file (config.ts resolves those). Rule settings are
 * validated here too, so that a mistake in them stops a run before it reads anything.
 */
import path from "node:path";
import type { DialectName } from "../dialects/dialect.js";
import type { LowerCaseTableNames } from "../dialects/identifiers.js";
import { describeDialects, dialectForAdapter, resolveDialectName } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import type { Rule } from "../lint/rule.js";
import type { ActiveRule } from "../lint/runner.js";
import { createRuleResolver } from "../lint/settings.js";
import type { ExcludeGlobs } from "../migrations/exclude.js";
import type { PlaceholderSyntax } from "../migrations/placeholders.js";
import type { SchematicConfig } from "./config.js";

/** What a caller (the CLI's flags, a library user) may set over the configuration, all optional. */
export interface SettingsInput {
  readonly cwd: string;
  readonly config: SchematicConfig;
  /**
   * The rules the configuration turns on and off. Given, the rule settings are validated and resolved
   * with the rest; without them the settings say nothing of rules (migrate's status never loads them).
   */
  readonly rules?: readonly Rule[];
  /** A dialect name or alias (pg, postgresql, mariadb). */
  readonly dialect?: string;
  readonly migrations?: string;
  readonly dbtProject?: string;
  readonly manifest?: string;
  readonly catalog?: string;
  readonly targetPath?: string;
  /** Files under review. Files outside the migrations folder are checked after the whole history. */
  readonly pending?: readonly string[];
  readonly base?: string;
  /** Lowest severity of a pending finding that blocks. */
  readonly failOn?: "error" | "warning";
  /** Report errors only: warnings and notes are neither reported nor counted (ESLint's --quiet). */
  readonly quiet?: boolean;
  /** Block when the change has more warnings than this (ESLint's --max-warnings). */
  readonly maxWarnings?: number;
  /** The version of the first migration to review (--since), over the configuration's baseline. */
  readonly since?: string;
  /** Globs of files not to read, relative to cwd (added to the configuration's). */
  readonly exclude?: readonly string[];
}

/** Where the dialect came from: a flag or the configuration, or nothing (inferred from dbt, else postgres). */
export type DialectSource = "option" | "config" | "default";

/** Everything a check runs with, resolved. */
export interface CheckSettings {
  readonly cwd: string;
  readonly config: SchematicConfig;
  /** Undefined when neither a flag nor the configuration names one: the check infers it. */
  readonly dialect?: DialectName;
  readonly dialectSource: DialectSource;
  /** As a flag gave it (relative to cwd, kept as written for messages), or absolute. */
  readonly migrations: string;
  readonly defaultSchema?: string;
  /** MySQL's lower_case_table_names, from the configuration. */
  readonly lowerCaseTableNames?: LowerCaseTableNames;
  readonly placeholders: Readonly<Record<string, string>>;
  readonly placeholderSyntax: readonly PlaceholderSyntax[];
  /** Absolute paths, except targetPath, which is relative to the dbt project as dbt's is. */
  readonly dbt: {
    readonly project?: string;
    readonly manifest?: string;
    readonly catalog?: string;
    readonly targetPath?: string;
  };
  /** Absolute; undefined when not given (then `base` decides, or the whole history is under review). */
  readonly pending?: readonly string[];
  readonly base?: string;
  /** Migrations before this version are replayed but not reviewed (unless pending). */
  readonly baseline?: string;
  readonly failOn: "error" | "warning";
  readonly quiet: boolean;
  readonly maxWarnings?: number;
  /** The configuration's globs (relative to it) and the caller's (relative to cwd). */
  readonly exclude: readonly ExcludeGlobs[];
}

/** The rules of settings resolved with them: what a check runs. */
export interface RuleSettings {
  readonly rules: readonly Rule[];
  /**
   * The active rules for a migration file (presets, extends, rules:, overrides:), built when the settings
   * are resolved: an unknown rule or option is a configuration error before any migration is read.
   */
  readonly activeRules: (file: string) => readonly ActiveRule[];
}

/** The folder a configuration's relative defaults are under: its own, or the working directory. */
function configDirectory(input: SettingsInput): string {
  return input.config.baseDirectory ?? input.cwd;
}

function dialectOf(input: SettingsInput): Pick<CheckSettings, "dialect" | "dialectSource"> {
  if (input.dialect !== undefined) {
    const dialect = resolveDialectName(input.dialect);
    if (!dialect) {
      throw new SchematicError("usage", `Unknown dialect ${input.dialect}.`, {
        hint: `Use ${describeDialects()}.`,
      });
    }
    return { dialect, dialectSource: "option" };
  }
  if (input.config.dialect) return { dialect: input.config.dialect, dialectSource: "config" };
  return { dialectSource: "default" };
}

/** A version as file names start (Flyway's V prefix allowed: V2 is version 2). */
const VERSION = /^[vV]?(\d[\d._-]*)$/;

function baselineOf(input: SettingsInput): Pick<CheckSettings, "baseline"> {
  const baseline = input.since ?? input.config.baseline;
  if (baseline === undefined) return {};
  const version = VERSION.exec(baseline)?.[1];
  if (version === undefined) {
    throw new SchematicError(
      "usage",
      `${input.since !== undefined ? "--since" : "baseline:"} ${baseline} is not a migration version.`,
      {
        hint: "Give the version of the first migration to review, as its file name starts (20240131120000, 0042, 1.2).",
      },
    );
  }
  return { baseline: version };
}

export function resolveSettings(
  input: SettingsInput & { readonly rules: readonly Rule[] },
): CheckSettings & RuleSettings;
export function resolveSettings(input: SettingsInput): CheckSettings;
export function resolveSettings(input: SettingsInput): CheckSettings | (CheckSettings & RuleSettings) {
  const { cwd, config } = input;
  const fromCwd = (value: string | undefined) => (value === undefined ? undefined : path.resolve(cwd, value));
  const dbtProject = fromCwd(input.dbtProject) ?? config.dbt.project;
  const manifest = fromCwd(input.manifest) ?? config.dbt.manifest;
  const catalog = fromCwd(input.catalog) ?? config.dbt.catalog;
  const targetPath = input.targetPath ?? config.dbt.targetPath;
  const base = input.base ?? config.base;
  const defaultSchema = config.defaultSchema;
  return {
    cwd,
    config,
    ...(input.rules && { rules: input.rules, activeRules: createRuleResolver(input.rules, config, cwd) }),
    ...dialectOf(input),
    migrations: input.migrations ?? config.migrations ?? path.resolve(configDirectory(input), "migrations"),
    ...(defaultSchema !== undefined && { defaultSchema }),
    ...(config.lowerCaseTableNames !== undefined && { lowerCaseTableNames: config.lowerCaseTableNames }),
    placeholders: config.placeholders,
    placeholderSyntax: config.placeholderSyntax ?? ["flyway"],
    dbt: {
      ...(dbtProject !== undefined && { project: dbtProject }),
      ...(manifest !== undefined && { manifest }),
      ...(catalog !== undefined && { catalog }),
      ...(targetPath !== undefined && { targetPath }),
    },
    // An empty list is an empty change (pre-commit passed no migration), not the whole history.
    ...(input.pending && { pending: input.pending.map((file) => path.resolve(cwd, file)) }),
    ...(base !== undefined && { base }),
    ...baselineOf(input),
    failOn: input.failOn ?? config.failOn ?? "error",
    quiet: input.quiet ?? false,
    ...(input.maxWarnings !== undefined && { maxWarnings: input.maxWarnings }),
    exclude: [
      { patterns: config.exclude ?? [], base: configDirectory(input) },
      { patterns: input.exclude ?? [], base: cwd },
    ].filter((globs) => globs.patterns.length > 0),
  };
}

/** The dialect a check runs with, and what to tell the user about how it was chosen. */
export interface DialectChoice {
  readonly dialect: DialectName;
  /** How it was inferred, when it was. */
  readonly note?: string;
  /** A given dialect that the dbt project's warehouse does not speak. */
  readonly warning?: string;
}

/**
 * The dialect: the one given (a flag, then the configuration), else the one the dbt manifest's
 * adapter_type speaks, else postgres. A given dialect that disagrees with the adapter is a warning.
 */
export function chooseDialect(settings: CheckSettings, adapterType: string | undefined): DialectChoice {
  const spoken = adapterType === undefined ? undefined : dialectForAdapter(adapterType);
  if (settings.dialect) {
    const given = settings.dialectSource === "option" ? "--dialect" : "dialect: in schematic.yml";
    return spoken && spoken !== settings.dialect
      ? {
          dialect: settings.dialect,
          warning: `${given} says ${settings.dialect}, but the dbt manifest's adapter_type is ${adapterType}, which speaks ${spoken}: check that the migrations are for the warehouse dbt builds on.`,
        }
      : { dialect: settings.dialect };
  }
  if (adapterType === undefined) return { dialect: "postgres" };
  if (spoken) {
    return {
      dialect: spoken,
      note: `Dialect ${spoken}, from the dbt manifest's adapter_type (${adapterType}).`,
    };
  }
  return {
    dialect: "postgres",
    note: `The dbt manifest's adapter_type is ${adapterType}, which Schematic does not parse: the migrations are read as postgres (--dialect or dialect: in schematic.yml says otherwise).`,
  };
}
