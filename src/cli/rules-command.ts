import { RULES } from "../../rules/index.js";
import { loadConfig } from "../config/config.js";
import type { DialectCapabilities, DialectName } from "../dialects/dialect.js";
import { DIALECT_NAMES, DIALECTS } from "../dialects/index.js";
import { EXIT_OK, SchematicError } from "../errors.js";
import type { Rule } from "../lint/rule.js";
import { readRuleDoc } from "../lint/rule-docs.js";
import { createRuleResolver } from "../lint/settings.js";
import type { CliIo } from "./io.js";

type CapabilitiesByDialect = Readonly<Record<DialectName, DialectCapabilities>>;

/** Every registered dialect's capabilities. */
export async function dialectCapabilities(): Promise<CapabilitiesByDialect> {
  const loaded = await Promise.all(DIALECT_NAMES.map((name) => DIALECTS[name].capabilities()));
  return Object.fromEntries(DIALECT_NAMES.map((name, i) => [name, loaded[i]!])) as CapabilitiesByDialect;
}

/** Where a rule can fire: the dialects whose capabilities it requires (hooks are listed by the rule). */
export function ruleDialects(rule: Rule, capabilities: CapabilitiesByDialect): DialectName[] {
  if (rule.meta.dialects) return [...rule.meta.dialects];
  return DIALECT_NAMES.filter((name) =>
    Object.entries(rule.meta.requires ?? {}).every(
      ([key, value]) => capabilities[name][key as keyof DialectCapabilities] === value,
    ),
  );
}

export interface RulesCommandOptions {
  readonly config?: string;
  readonly format?: string;
}

/** One rule as `schematic rules --format json` gives it. */
interface RuleEntry {
  readonly id: string;
  readonly category: string;
  /** Its severity in the active configuration, or off. */
  readonly severity: string;
  readonly defaultSeverity: string;
  readonly presets: readonly string[];
  readonly dialects: readonly string[];
  readonly needsDbt: boolean;
  readonly description: string;
}

function ruleEntry(rule: Rule, severity: string, capabilities: CapabilitiesByDialect): RuleEntry {
  return {
    id: rule.meta.id,
    category: rule.meta.category,
    severity,
    defaultSeverity: rule.meta.defaultSeverity,
    presets: rule.meta.presets,
    dialects: ruleDialects(rule, capabilities),
    needsDbt: Boolean(rule.meta.needsDbt),
    description: rule.meta.description,
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Each active rule's severity in the configuration (files without overrides). */
function activeSeverities(options: RulesCommandOptions, io: CliIo): Map<string, string> {
  const { config } = loadConfig(options.config, io.cwd, io.env);
  return new Map(
    createRuleResolver(RULES, config, io.cwd)("").map((entry) => [entry.rule.meta.id, entry.severity]),
  );
}

/** `schematic rules` lists the rules with their severity in the active configuration; `rules <id>` prints its doc. */
export async function rulesCommand(
  id: string | undefined,
  options: RulesCommandOptions,
  io: CliIo,
): Promise<number> {
  if (id !== undefined) {
    const rule = RULES.find((candidate) => candidate.meta.id === id);
    if (!rule) {
      const close = RULES.map((candidate) => candidate.meta.id).filter(
        (other) => other.includes(id) || id.includes(other),
      );
      throw new SchematicError("usage", `There is no rule ${id}.`, {
        hint: close.length > 0 ? `Did you mean ${close.join(", ")}?` : "Run `schematic rules` to list them.",
      });
    }
    const doc = readRuleDoc(id);
    if (options.format === "json") {
      const severity = activeSeverities(options, io).get(id) ?? "off";
      io.stdout.write(json({ ...ruleEntry(rule, severity, await dialectCapabilities()), doc: doc ?? null }));
    } else io.stdout.write(doc ?? `${id}: ${rule.meta.description}\n`);
    return EXIT_OK;
  }
  const active = activeSeverities(options, io);
  const capabilities = await dialectCapabilities();
  const entries = RULES.map((rule) => ruleEntry(rule, active.get(rule.meta.id) ?? "off", capabilities));
  if (options.format === "json") {
    io.stdout.write(json(entries));
    return EXIT_OK;
  }
  const rows = entries.map((entry) => [
    entry.id,
    entry.category,
    entry.severity,
    entry.dialects.join(", ") || "-",
    entry.description,
  ]);
  const header = ["rule", "category", "severity", "dialects", "description"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ");
  io.stdout.write(`${[line(header), ...rows.map(line)].join("\n")}\n`);
  io.stdout.write(
    `\n${active.size} of ${RULES.length} rules active. \`schematic rules <id>\` prints a rule's doc page.\n`,
  );
  return EXIT_OK;
}
