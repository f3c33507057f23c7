import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { DialectName } from "../dialects/dialect.js";
import type { LowerCaseTableNames } from "../dialects/identifiers.js";
import { resolveDialectName } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import type { PlaceholderSyntax } from "../migrations/placeholders.js";
import { MIB, readTextFile } from "../read-file.js";
import compiledValidator from "./schema-validator.generated.js";

/** A configuration file is a few kilobytes; a megabyte is not one. */
const MAX_CONFIG_BYTES = MIB;

export type Severity = "error" | "warning" | "info";
export type RuleSetting = Severity | "off" | readonly [Severity | "off", Readonly<Record<string, unknown>>?];

/** schematic.yml after validation, with paths resolved against the file's folder. */
export interface SchematicConfig {
  readonly configPath?: string;
  readonly dialect?: DialectName;
  readonly migrations?: string;
  /** Globs of migration files not to read, relative to baseDirectory. */
  readonly exclude?: readonly string[];
  readonly defaultSchema?: string;
  /** MySQL's lower_case_table_names: whether table names compare with their case (0) or without (1, 2). */
  readonly lowerCaseTableNames?: LowerCaseTableNames;
  readonly placeholders: Readonly<Record<string, string>>;
  /** How placeholders are written; default Flyway's `${name}`. */
  readonly placeholderSyntax?: readonly PlaceholderSyntax[];
  readonly dbt: {
    readonly project?: string;
    readonly manifest?: string;
    readonly catalog?: string;
    readonly targetPath?: string;
  };
  readonly base?: string;
  /** The version of the first migration to review: earlier ones are replayed, not reviewed. */
  readonly baseline?: string;
  readonly failOn?: "error" | "warning";
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Presets and configuration files this one builds on (paths resolved); default: the recommended preset. */
  readonly extends: readonly string[];
  /** Rule settings for some files: globs are relative to the configuration file's folder. */
  readonly overrides: readonly RuleOverride[];
  /** The folder override globs are relative to. */
  readonly baseDirectory?: string;
  /** Databases `migrate` runs against, by name (environments: in schematic.yml). */
  readonly environments?: Readonly<Record<string, EnvironmentConfig>>;
  /** The environment used when no flag or variable names a database. */
  readonly defaultEnvironment?: string;
}

/** A hook: SQL on the migration session, or a shell command. */
export type HookConfig = { readonly sql: string } | { readonly run: string };

export interface HooksConfig {
  readonly before_run?: readonly HookConfig[];
  readonly after_run?: readonly HookConfig[];
  readonly before_each?: readonly HookConfig[];
  readonly after_each?: readonly HookConfig[];
}

/** One database of `environments:`, its ${VARIABLES} filled in from the environment. */
export interface EnvironmentConfig {
  readonly name: string;
  readonly url?: string;
  readonly schema?: string;
  readonly history?: { readonly table?: string; readonly schema?: string };
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly hooks?: HooksConfig;
  /**
   * Where its settings name a variable that is not set (`/environments/prod/url: environment variable
   * PROD_DATABASE_URL is not set`): an error when this environment is used, not when another one is, so that
   * a developer's `check` does not need production's secrets.
   */
  readonly unsetVariables: readonly string[];
}

export interface RuleOverride {
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

export const CONFIG_FILE_NAMES = ["schematic.yml", "schematic.yaml"] as const;

/** No file: every default, the recommended preset. */
export function emptyConfig(): SchematicConfig {
  return { placeholders: {}, dbt: {}, rules: {}, extends: [], overrides: [] };
}

/** The seeds' safety levels, mildest first. */
export const PRESET_NAMES = ["basic", "recommended", "strict"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** `${VAR}` / `${VAR:-default}` in every string; a missing variable without a default is an error at its path. */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  at = "",
): { value: unknown; missing: string[] } {
  const missing: string[] = [];
  const visit = (item: unknown, where: string): unknown => {
    if (typeof item === "string") {
      return item.replace(ENV_REFERENCE, (match, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== "") return found;
        if (fallback !== undefined) return fallback;
        missing.push(`${where || "/"}: environment variable ${name} is not set`);
        return match;
      });
    }
    if (Array.isArray(item)) return item.map((entry, i) => visit(entry, `${where}/${i}`));
    if (item && typeof item === "object") {
      return Object.fromEntries(
        Object.entries(item).map(([key, entry]) => [key, visit(entry, `${where}/${key}`)]),
      );
    }
    return item;
  };
  return { value: visit(value, at), missing };
}

/** Far more than any real configuration holds; a YAML alias bomb of a few hundred bytes holds billions. */
export const MAX_CONFIG_VALUES = 100_000;

/**
 * How many values the tree holds once aliases are expanded, counting each shared node once per place
 * it appears, in time linear in the distinct nodes (sizes are memoised per node) and stopping past
 * `limit`. js-yaml shares an aliased node rather than copying it, so loading a bomb is cheap; it is
 * whatever walks the tree afterwards (interpolation, validation) that would run for minutes.
 */
export function expandedSize(value: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const size = (item: unknown): number => {
    if (item === null || typeof item !== "object") return 1;
    const known = sizes.get(item);
    if (known !== undefined) return known;
    sizes.set(item, limit + 1); // a cycle (a recursive alias) is over the limit too
    let total = 1;
    for (const child of Object.values(item)) {
      total += size(child);
      if (total > limit) break;
    }
    sizes.set(item, total);
    return total;
  };
  return size(value);
}

/**
 * The schema compiled ahead of time (scripts/build-config-validator.ts): loading ajv and compiling the
 * schema at run time cost ~200 ms of every command that reads a schematic.yml.
 */
const validateSchema = compiledValidator as unknown as ValidateFunction;

function validate(data: unknown): ErrorObject[] {
  return validateSchema(data) ? [] : [...(validateSchema.errors ?? [])];
}

/** ajv's errors flattened to `path: message`, one per problem, naming unknown keys. */
export function describeSchemaErrors(errors: readonly ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    const where = error.instancePath || "/";
    if (error.keyword === "additionalProperties") {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      lines.add(`${where === "/" ? "" : where}/${key}: unknown key`);
    } else if (error.keyword === "enum") {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues
        .map((v) => JSON.stringify(v))
        .join(", ");
      lines.add(`${where}: must be one of ${allowed}`);
    } else if (error.keyword === "oneOf" || error.keyword === "if") {
      // The branch errors say more; the summary only repeats them.
    } else {
      lines.add(`${where}: ${error.message ?? "is invalid"}`);
    }
  }
  return [...lines];
}

export interface LoadedConfig {
  readonly config: SchematicConfig;
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
}

/** Parses and validates configuration text; returns errors instead of throwing. */
export function parseConfig(
  text: string,
  configPath: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const empty = emptyConfig();
  let raw: unknown;
  try {
    // Loaded here, not at start-up: a check without a schematic.yml never pays for the YAML parser.
    const { loadAll } = createRequire(import.meta.url)("js-yaml") as typeof import("js-yaml");
    const documents = loadAll(text, { filename: configPath }) as unknown[];
    if (documents.length > 1) {
      return {
        config: empty,
        warnings: [],
        errors: ["/: the file holds several YAML documents (`---`); keep one"],
      };
    }
    // An empty file, or one with only comments (the `# yaml-language-server` line), is every default.
    raw = documents[0] ?? {};
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}: ` : "";
    return { config: empty, warnings: [], errors: [`${where}${reason}`] };
  }
  if (typeof raw !== "object" || Array.isArray(raw) || raw === null) {
    return {
      config: empty,
      warnings: [],
      errors: ["/: the file must be a mapping of keys (dialect:, migrations:, dbt:, ...)"],
    };
  }
  if (expandedSize(raw, MAX_CONFIG_VALUES) > MAX_CONFIG_VALUES) {
    return {
      config: empty,
      warnings: [],
      errors: [
        `/: the file expands to more than ${MAX_CONFIG_VALUES.toLocaleString("en")} values (YAML aliases repeating aliases); write the settings out`,
      ],
    };
  }
  // Environments are interpolated on their own: a variable one of them needs is missing only for it.
  const { environments: rawEnvironments, ...rest } = raw as Record<string, unknown>;
  const interpolated = interpolateEnv(rest, env);
  const environments = interpolateEnvironments(rawEnvironments, env);
  if (rawEnvironments !== undefined)
    (interpolated.value as Record<string, unknown>).environments = environments.value;
  const errors = [...interpolated.missing, ...describeSchemaErrors(validate(interpolated.value))];
  if (errors.length > 0) return { config: empty, warnings: [], errors };
  const data = interpolated.value as Record<string, any>;
  const base = path.dirname(path.resolve(configPath));
  const resolvePath = (value: string | undefined) =>
    value === undefined ? undefined : path.resolve(base, value);
  const dbt = (data.dbt ?? {}) as Record<string, string>;
  const config: SchematicConfig = {
    configPath: path.resolve(configPath),
    ...(data.dialect && { dialect: resolveDialectName(data.dialect) }),
    ...(data.migrations && { migrations: resolvePath(data.migrations) }),
    ...(data.exclude !== undefined && { exclude: [data.exclude].flat() }),
    ...(data.defaultSchema && { defaultSchema: data.defaultSchema }),
    ...(data.lowerCaseTableNames !== undefined && { lowerCaseTableNames: data.lowerCaseTableNames }),
    placeholders: Object.fromEntries(
      Object.entries(data.placeholders ?? {}).map(([key, value]) => [key, String(value)]),
    ),
    ...(data.placeholderSyntax && { placeholderSyntax: [data.placeholderSyntax].flat() }),
    dbt: {
      ...(dbt.project && { project: resolvePath(dbt.project) }),
      ...(dbt.manifest && { manifest: resolvePath(dbt.manifest) }),
      ...(dbt.catalog && { catalog: resolvePath(dbt.catalog) }),
      ...(dbt.targetPath && { targetPath: dbt.targetPath }),
    },
    ...(data.base && { base: data.base }),
    ...(data.baseline !== undefined && { baseline: String(data.baseline) }),
    ...(data.failOn && { failOn: data.failOn }),
    rules: data.rules ?? {},
    extends: (data.extends === undefined ? [] : [data.extends].flat()).map((entry: string) =>
      PRESET_NAMES.includes(entry as PresetName) ? entry : path.resolve(base, entry),
    ),
    overrides: (data.overrides ?? []).map(
      (override: { files: string | string[]; rules: Record<string, RuleSetting> }) => ({
        files: [override.files].flat(),
        rules: override.rules,
      }),
    ),
    baseDirectory: base,
    ...(data.environments && { environments: environmentsOf(data.environments, environments.missing) }),
    ...(data.defaultEnvironment && { defaultEnvironment: data.defaultEnvironment }),
  };
  const unknownDefault =
    config.defaultEnvironment !== undefined && !config.environments?.[config.defaultEnvironment];
  if (unknownDefault) {
    return {
      config: empty,
      warnings: [],
      errors: [`/defaultEnvironment: ${config.defaultEnvironment} is not one of environments:`],
    };
  }
  return { config, warnings: [], errors: [] };
}

/** Each environment interpolated alone, its missing variables kept by name for when it is used. */
function interpolateEnvironments(
  value: unknown,
  env: NodeJS.ProcessEnv,
): { value: unknown; missing: Map<string, string[]> } {
  const missing = new Map<string, string[]>();
  if (!value || typeof value !== "object" || Array.isArray(value)) return { value, missing };
  const entries = Object.entries(value).map(([name, settings]) => {
    const filled = interpolateEnv(settings, env, `/environments/${name}`);
    missing.set(name, filled.missing);
    return [name, filled.value] as const;
  });
  return { value: Object.fromEntries(entries), missing };
}

/** 500, "500ms", "5s", "2min" in milliseconds (the schema has checked the form). */
export function durationMs(value: number | string): number {
  if (typeof value === "number") return value;
  const [, amount, unit] = /^(\d+)\s*(ms|s|min)?$/.exec(value.trim()) ?? [];
  const factor = unit === "min" ? 60_000 : unit === "s" ? 1000 : 1;
  return Number(amount) * factor;
}

function environmentsOf(
  data: Record<string, Record<string, any>>,
  missing: ReadonlyMap<string, readonly string[]>,
): Record<string, EnvironmentConfig> {
  return Object.fromEntries(
    Object.entries(data).map(([name, settings]) => [
      name,
      {
        name,
        ...(settings.url !== undefined && { url: settings.url }),
        ...(settings.schema !== undefined && { schema: settings.schema }),
        ...(settings.history !== undefined && { history: settings.history }),
        ...(settings.lock_timeout !== undefined && { lockTimeoutMs: durationMs(settings.lock_timeout) }),
        ...(settings.statement_timeout !== undefined && {
          statementTimeoutMs: durationMs(settings.statement_timeout),
        }),
        ...(settings.hooks !== undefined && { hooks: settings.hooks }),
        unsetVariables: missing.get(name) ?? [],
      } satisfies EnvironmentConfig,
    ]),
  );
}

/**
 * The schematic.yml (or .yaml) nearest the working directory: in it or a folder above, stopping at the
 * repository's root (the folder holding .git) or the filesystem's, as ESLint and sqlfluff look.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
    if (found) return found;
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads `--config FILE`, or the nearest schematic.yml (findConfigFile).
 * Throws a SchematicError (exit 2) listing every problem with its path.
 */
export function loadConfig(
  explicitPath: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const candidate = explicitPath ? path.resolve(cwd, explicitPath) : findConfigFile(cwd);
  if (!candidate) return { config: emptyConfig(), warnings: [], errors: [] };
  const display = explicitPath ?? path.relative(cwd, candidate);
  const text = readTextFile(candidate, {
    label: "configuration file",
    maxBytes: MAX_CONFIG_BYTES,
    code: "config-invalid",
    missingCode: "config-not-found",
    display,
    missingHint:
      "Check the --config path, or remove --config to use the schematic.yml of this folder or the nearest one above it.",
  });
  const loaded = parseConfig(text, candidate, env);
  if (loaded.errors.length > 0) {
    const display = path.relative(cwd, candidate) || candidate;
    throw new SchematicError("config-invalid", `Invalid configuration: ${loaded.errors.join("; ")}.`, {
      location: { file: display },
      hint: "Fix these keys (the JSON Schema is schema/schematic.schema.json in the schematic package; editors complete it with `# yaml-language-server: $schema=...`).",
    });
  }
  return loaded;
}
