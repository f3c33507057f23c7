/**
 * The runner paired with the validator: before `up` applies anything, the same check as `schematic check`
 * runs with the migrations about to be applied as the change under review (and the dbt project from the
 * configuration). A blocked check stops the run; `--force --reason` goes through and the history keeps
 * the reason and the rules overridden. Loaded only when there is something to apply: the rules, the
 * parser and the dbt reader are what make a check take time.
 */
import { RULES } from "../../rules/index.js";
import { type CheckResult, runCheck } from "../check/check.js";
import type { SchematicConfig } from "../config/config.js";
import type { CheckSettings } from "../config/settings.js";
import type { DialectName } from "../dialects/dialect.js";
import { SEVERITY_RANK } from "../lint/diagnostic.js";
import { compareVersions, type Migration } from "../migrations/loader.js";

export interface GateInput {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly config: SchematicConfig;
  readonly settings: CheckSettings;
  readonly dialect: DialectName;
  /** The migrations `up` would apply, in order. */
  readonly toApply: readonly Migration[];
  /** The whole folder as `up` loaded it (settings' folder and `dialect`): the check reads it from here. */
  readonly migrations?: readonly Migration[];
}

export interface GateResult {
  readonly check: CheckResult;
  /** The files under review: those to apply, less those before the configuration's baseline. */
  readonly reviewed: readonly Migration[];
  /** Rules with a finding that blocks, sorted: what a `--force` overrides. */
  readonly blockingRules: readonly string[];
}

/**
 * Migrations before the configuration's `baseline:` are replayed, not reviewed, as `check` treats them:
 * a fresh database that receives the whole history does not meet findings the team has chosen to leave
 * behind.
 */
export function reviewedMigrations(toApply: readonly Migration[], baseline: string | undefined): Migration[] {
  if (baseline === undefined) return [...toApply];
  return toApply.filter(
    (migration) => migration.version === undefined || compareVersions(migration.version, baseline) >= 0,
  );
}

export function blockingRules(check: CheckResult, failOn: "error" | "warning"): string[] {
  const threshold = SEVERITY_RANK[failOn];
  const rules = check.diagnostics
    .filter((diagnostic) => diagnostic.pending && SEVERITY_RANK[diagnostic.severity] >= threshold)
    .map((diagnostic) => diagnostic.rule);
  return [...new Set(rules)].sort();
}

export async function gateCheck(input: GateInput): Promise<GateResult> {
  const { settings } = input;
  const reviewed = reviewedMigrations(input.toApply, settings.baseline);
  const check = await runCheck({
    cwd: input.cwd,
    config: input.config,
    rules: RULES,
    env: input.env,
    dialect: input.dialect,
    migrations: settings.migrations,
    pending: reviewed.map((migration) => migration.up.absolutePath),
    ...(input.migrations && { loadedMigrations: input.migrations }),
  });
  return { check, reviewed, blockingRules: check.blocked ? blockingRules(check, settings.failOn) : [] };
}
