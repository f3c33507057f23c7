import type { Catalog } from "../catalog/model.js";
import type { FileReplay } from "../catalog/replay.js";
import type { RuleSetting, Severity } from "../config/config.js";
import { SchematicError } from "../errors.js";
import type { DbtImpact } from "./dbt-impact.js";
import { type Diagnostic, SEVERITY_RANK } from "./diagnostic.js";
import { type DialectHooks, type Rule, renderMessage } from "./rule.js";

export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: object;
}

/** Applies `rules:` settings from the configuration; an unknown rule id is a configuration error. */
export function resolveRules(
  rules: readonly Rule[],
  settings: Readonly<Record<string, RuleSetting>>,
  where = "schematic.yml",
): ActiveRule[] {
  const known = new Map(rules.map((rule) => [rule.meta.id, rule]));
  const unknown = Object.keys(settings).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SchematicError(
      "config-invalid",
      `Unknown rule id${unknown.length > 1 ? "s" : ""} under rules: ${unknown.join(", ")}.`,
      {
        location: { file: where },
        hint: "Run `schematic rules` to list the rule ids.",
      },
    );
  }
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = settings[rule.meta.id];
    const [severity, options] = Array.isArray(setting)
      ? setting
      : [setting ?? rule.meta.defaultSeverity, undefined];
    if (severity === "off") continue;
    active.push({
      rule,
      severity: severity as Severity,
      options: { ...rule.meta.defaultOptions, ...(options ?? {}) },
    });
  }
  return active;
}

export interface RunRulesOptions {
  readonly rules: readonly ActiveRule[];
  readonly dialect: DialectHooks;
  readonly dbt?: DbtImpact;
  /** Paths of the files under review; undefined means the whole history is under review. */
  readonly pending?: ReadonlySet<string>;
}

/** The rule can say something on this database: its capabilities and hooks are there. */
export function ruleApplies(rule: Rule, dialect: Pick<DialectHooks, "capabilities" | "hooks">): boolean {
  const requires = rule.meta.requires ?? {};
  const capabilities = Object.entries(requires).every(
    ([key, value]) => dialect.capabilities[key as keyof typeof dialect.capabilities] === value,
  );
  return capabilities && (rule.meta.requiresHooks ?? []).every((hook) => dialect.hooks[hook] !== undefined);
}

/** Runs every active rule over every replayed file. Pure: no I/O. */
export function runRules(replays: readonly FileReplay[], options: RunRulesOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const firstPending = options.pending
    ? replays.find((replay) => options.pending!.has(replay.script.path))
    : undefined;
  for (const file of replays) {
    const pending = options.pending ? options.pending.has(file.script.path) : true;
    // Under review, "existing" means before the whole pending set; in history, before this file.
    const baseline: Catalog = pending && firstPending ? firstPending.before : file.before;
    for (const { rule, severity, options: ruleOptions } of options.rules) {
      if (rule.meta.needsDbt && !options.dbt) continue;
      if (!ruleApplies(rule, options.dialect)) continue;
      rule.check(
        {
          file,
          baseline,
          dialect: options.dialect,
          ...(options.dbt && { dbt: options.dbt }),
          report(report) {
            const template = rule.meta.messages[report.messageId];
            if (template === undefined)
              throw new Error(`${rule.meta.id} reported unknown message id ${report.messageId}`);
            const capped =
              report.maxSeverity && SEVERITY_RANK[report.maxSeverity] < SEVERITY_RANK[severity]
                ? report.maxSeverity
                : severity;
            diagnostics.push({
              rule: rule.meta.id,
              severity: capped,
              messageId: report.messageId,
              message: renderMessage(template, report.data),
              file: file.script.path,
              span: report.span,
              ...(report.object !== undefined && { object: report.object }),
              impacts: report.impacts ?? [],
              ...(report.help !== undefined && { help: report.help }),
              pending,
            });
          },
        },
        ruleOptions,
      );
    }
  }
  return diagnostics;
}
