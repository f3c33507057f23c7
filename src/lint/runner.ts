import type { Catalog } from "../catalog/model.js";
import type { FileReplay } from "../catalog/replay.js";
import type { Severity } from "../config/config.js";
import type { Dialect } from "../dialects/dialect.js";
import type { DbtImpact } from "./dbt-impact.js";
import { type Diagnostic, SEVERITY_RANK } from "./diagnostic.js";
import { type DialectHooks, type MigrationFileFacts, type Rule, renderMessage } from "./rule.js";

export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: object;
}

export interface RunRulesOptions {
  /** The active rules, or which rules are active for a file (per-path overrides). */
  readonly rules: readonly ActiveRule[] | ((file: string) => readonly ActiveRule[]);
  readonly dialect: DialectHooks;
  readonly dbt?: DbtImpact;
  /** Paths of the files under review; undefined means the whole history is under review. */
  readonly pending?: ReadonlySet<string>;
  /** Facts about migration files (git, versions) by display path, for the rules that read them. */
  readonly fileFacts?: ReadonlyMap<string, MigrationFileFacts>;
  /** Adds each rule's time (ms) under its id, when given. */
  readonly timeRule?: (id: string, ms: number) => void;
}

/** What rules may ask of the dialect. */
export function dialectHooks(dialect: Dialect): DialectHooks {
  return {
    capabilities: dialect.capabilities,
    hooks: dialect.hooks,
    identifiers: dialect.identifiers,
    compareTypes: (from, to) => dialect.compareTypes(from, to),
    normalizeType: (raw) => dialect.normalizeType(raw),
  };
}

/** The active rules of a resolver, narrowed to those that need a dbt project (or to those that do not). */
export function rulesNeedingDbt(
  active: (file: string) => readonly ActiveRule[],
  needDbt: boolean,
): (file: string) => readonly ActiveRule[] {
  return (file) => active(file).filter(({ rule }) => Boolean(rule.meta.needsDbt) === needDbt);
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
  const lastPending = options.pending
    ? [...replays].reverse().find((replay) => options.pending!.has(replay.script.path))
    : replays.at(-1);
  for (const file of replays) {
    const pending = options.pending ? options.pending.has(file.script.path) : true;
    // Under review, "existing" means before the whole pending set; in history, before this file.
    const baseline: Catalog = pending && firstPending ? firstPending.before : file.before;
    const active = typeof options.rules === "function" ? options.rules(file.script.path) : options.rules;
    const migrationFile = options.fileFacts?.get(file.script.path);
    for (const { rule, severity, options: ruleOptions } of active) {
      if (rule.meta.needsDbt && !options.dbt) continue;
      if (!ruleApplies(rule, options.dialect)) continue;
      const started = options.timeRule ? performance.now() : 0;
      rule.check(
        {
          file,
          baseline,
          reviewEnd: pending && lastPending ? lastPending.after : file.after,
          dialect: options.dialect,
          ...(options.dbt && { dbt: options.dbt }),
          ...(migrationFile && { migrationFile }),
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
      options.timeRule?.(rule.meta.id, performance.now() - started);
    }
  }
  return diagnostics;
}
