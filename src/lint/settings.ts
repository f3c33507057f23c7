import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ValidateFunction } from "ajv";
import type picomatchType from "picomatch";
import {
  PRESET_NAMES,
  type PresetName,
  parseConfig,
  type RuleSetting,
  type SchematicConfig,
  type Severity,
} from "../config/config.js";
import { SchematicError } from "../errors.js";
import type { Rule } from "./rule.js";
import type { ActiveRule } from "./runner.js";

interface Setting {
  readonly severity: Severity | "off";
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What a preset turns on: strict enables every rule and raises its warnings to errors. */
export function presetSetting(rule: Rule, preset: PresetName): Setting {
  if (preset === "strict") {
    return { severity: rule.meta.defaultSeverity === "warning" ? "error" : rule.meta.defaultSeverity };
  }
  return { severity: rule.meta.presets.includes(preset) ? rule.meta.defaultSeverity : "off" };
}

function toSetting(setting: RuleSetting): Setting {
  if (!Array.isArray(setting)) return { severity: setting as Setting["severity"] };
  const [severity, options] = setting as readonly [Setting["severity"], Record<string, unknown>?];
  return { severity, ...(options && { options }) };
}

/** Later settings win; options merge key by key, so a severity change keeps earlier options. */
function layer(
  base: Map<string, Setting>,
  settings: Readonly<Record<string, RuleSetting>>,
): Map<string, Setting> {
  const next = new Map(base);
  for (const [id, raw] of Object.entries(settings)) {
    const setting = toSetting(raw);
    const previous = next.get(id);
    next.set(id, { severity: setting.severity, options: { ...previous?.options, ...setting.options } });
  }
  return next;
}

/** The settings an `extends` chain yields, in order: presets, then other configuration files. */
function extended(
  rules: readonly Rule[],
  extendsList: readonly string[],
  seen: ReadonlySet<string>,
): Map<string, Setting> {
  let settings = new Map<string, Setting>();
  const chain = extendsList.length > 0 ? extendsList : ["recommended"];
  for (const entry of chain) {
    if ((PRESET_NAMES as readonly string[]).includes(entry)) {
      settings = new Map(rules.map((rule) => [rule.meta.id, presetSetting(rule, entry as PresetName)]));
      continue;
    }
    if (seen.has(entry)) {
      throw new SchematicError("config-invalid", `The configuration extends itself through ${entry}.`, {
        location: { file: entry },
        hint: "Remove the loop from the extends: lists.",
      });
    }
    let text: string;
    try {
      text = readFileSync(entry, "utf8");
    } catch {
      throw new SchematicError("config-not-found", `extends: ${entry} does not exist.`, {
        hint: "Name a preset (basic, recommended, strict) or a YAML file relative to the configuration.",
      });
    }
    const loaded = parseConfig(text, entry);
    if (loaded.errors.length > 0) {
      throw new SchematicError("config-invalid", `Invalid configuration: ${loaded.errors.join("; ")}.`, {
        location: { file: entry },
      });
    }
    // An extended file's rule settings are checked as strictly as the configuration's own, naming it.
    assertValidRuleSettings(rules, loaded.config, entry);
    const base = extended(rules, loaded.config.extends, new Set([...seen, entry]));
    settings = layer(mergeInto(settings, base), loaded.config.rules);
  }
  return settings;
}

function mergeInto(target: Map<string, Setting>, source: Map<string, Setting>): Map<string, Setting> {
  const next = new Map(target);
  for (const [id, setting] of source) next.set(id, setting);
  return next;
}

const require = createRequire(import.meta.url);
const optionValidators = new Map<string, ValidateFunction>();

function validateOptions(rule: Rule, options: Readonly<Record<string, unknown>>, where: string): string[] {
  const schema = rule.meta.optionsSchema;
  const given = Object.keys(options);
  if (!schema) return given.length > 0 ? [`${where}: ${rule.meta.id} takes no options`] : [];
  let validate = optionValidators.get(rule.meta.id);
  if (!validate) {
    const { Ajv } = require("ajv") as typeof import("ajv");
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    optionValidators.set(rule.meta.id, validate);
  }
  if (validate({ ...rule.meta.defaultOptions, ...options })) return [];
  return (validate.errors ?? []).map((error) =>
    error.keyword === "additionalProperties"
      ? `${where}/${(error.params as { additionalProperty: string }).additionalProperty}: unknown option of ${rule.meta.id}`
      : `${where}${error.instancePath}: ${error.message ?? "is invalid"}`,
  );
}

/** Problems with rule settings (unknown ids, options the rule's schema refuses), each at its path. */
function ruleSettingProblems(
  rules: readonly Rule[],
  config: Pick<SchematicConfig, "rules" | "overrides">,
): string[] {
  const known = new Map(rules.map((rule) => [rule.meta.id, rule]));
  const problems: string[] = [];
  const checkIds = (settings: Readonly<Record<string, RuleSetting>>, at: string) => {
    for (const [id, setting] of Object.entries(settings)) {
      const rule = known.get(id);
      if (!rule) problems.push(`${at}/${id}: unknown rule id`);
      else {
        const options = toSetting(setting).options;
        if (options) problems.push(...validateOptions(rule, options, `${at}/${id}/1`));
      }
    }
  };
  checkIds(config.rules, "/rules");
  for (const [i, override] of config.overrides.entries()) checkIds(override.rules, `/overrides/${i}/rules`);
  return problems;
}

/**
 * Unknown rule ids and options a rule's schema refuses are configuration errors (exit 2), reported together
 * with their paths in `file`, never ignored: a misspelt option would otherwise silently keep its default.
 */
function assertValidRuleSettings(
  rules: readonly Rule[],
  config: Pick<SchematicConfig, "rules" | "overrides">,
  file: string,
): void {
  const problems = ruleSettingProblems(rules, config);
  if (problems.length === 0) return;
  const unknown = problems.some((problem) => problem.endsWith("unknown rule id"));
  throw new SchematicError("config-invalid", `Invalid rule settings: ${problems.join("; ")}.`, {
    location: { file },
    hint: unknown
      ? "Run `schematic rules` to list the rule ids."
      : "Run `schematic rules <id>` for a rule's options.",
  });
}

/**
 * A rule with options as a run uses them: its defaults, then the given ones, which its schema must accept
 * (the rule-test harness builds its active rule here, as the configuration does).
 */
export function activeRule(
  rule: Rule,
  severity: Severity,
  options: Readonly<Record<string, unknown>> = {},
  where = `/rules/${rule.meta.id}/1`,
): ActiveRule {
  const problems = validateOptions(rule, options, where);
  if (problems.length > 0) {
    throw new SchematicError("config-invalid", `Invalid rule settings: ${problems.join("; ")}.`, {
      hint: "Run `schematic rules <id>` for a rule's options.",
    });
  }
  return { rule, severity, options: { ...rule.meta.defaultOptions, ...options } };
}

/**
 * Turns the configuration into the active rules for each migration file: presets and `extends`, then
 * `rules:`, then every `overrides:` entry whose globs match the file (the last one wins). Unknown rule ids
 * and invalid options, here and in extended files, are configuration errors thrown at once (see
 * assertValidRuleSettings), before any migration is read.
 */
export function createRuleResolver(
  rules: readonly Rule[],
  config: SchematicConfig,
  cwd: string,
): (file: string) => readonly ActiveRule[] {
  const where = config.configPath
    ? path.relative(cwd, config.configPath) || config.configPath
    : "schematic.yml";
  assertValidRuleSettings(rules, config, where);

  const base = layer(extended(rules, config.extends, new Set()), config.rules);
  const baseDirectory = config.baseDirectory ?? cwd;
  const overrides = config.overrides.map((override, index) => ({
    index,
    // Loaded when a configuration has overrides, not at every start-up.
    matches: (require("picomatch") as typeof picomatchType)(override.files as string[], { dot: true }),
    settings: override.rules,
  }));
  const activate = (settings: Map<string, Setting>): ActiveRule[] =>
    rules.flatMap((rule) => {
      const setting = settings.get(rule.meta.id) ?? presetSetting(rule, "recommended");
      if (setting.severity === "off") return [];
      return [
        { rule, severity: setting.severity, options: { ...rule.meta.defaultOptions, ...setting.options } },
      ];
    });
  const everywhere = activate(base);
  const cache = new Map<string, readonly ActiveRule[]>();
  return (file) => {
    if (overrides.length === 0) return everywhere;
    const relative = path.relative(baseDirectory, path.resolve(cwd, file)).split(path.sep).join("/");
    const matching = overrides.filter((override) => override.matches(relative));
    if (matching.length === 0) return everywhere;
    const key = matching.map((override) => override.index).join(",");
    let active = cache.get(key);
    if (!active) {
      active = activate(matching.reduce((settings, override) => layer(settings, override.settings), base));
      cache.set(key, active);
    }
    return active;
  };
}
