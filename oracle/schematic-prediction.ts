/**
 * Schematic's answer for one case, in-process: the baseline tables as the applied migration history,
 * the case's migration as the pending file, and the dbt rules over the same manifest and catalog.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RULES } from "../rules/index.js";
import { runCheck } from "../src/check/check.js";
import { emptyConfig } from "../src/config/config.js";
import type { Diagnostic, Impact } from "../src/lint/diagnostic.js";
import type { OracleProject } from "./corpus.js";
import { baselineDdl } from "./postgres-oracle.js";

/** The rules whose impacts say "this node stops building". */
export const BREAKAGE_RULES: ReadonlySet<string> = new Set(["protect-dbt-columns", "protect-dbt-types"]);

export interface Prediction {
  /** unique_ids Schematic says break, any node kind (the caller restricts them to what the oracle observes). */
  readonly broken: ReadonlySet<string>;
  /** The dbt rules block the change (an error among their findings). */
  readonly blocks: boolean;
  /** Models Schematic says hold the changed column in a view, so that the DDL fails while they exist. */
  readonly viewHolders: ReadonlySet<string>;
  /** Every finding of the breakage rules, for the report. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Findings about a whole relation: every reader fails when it goes, `select *` readers included. */
const WHOLE_RELATION_FINDINGS: ReadonlySet<string> = new Set([
  "tableDropped",
  "tableRenamed",
  "schemaDropped",
]);

/** Findings that say what else a change does (an output column lost, views in the way), not what breaks. */
export const ADVISORY_FINDINGS: ReadonlySet<string> = new Set(["passedThrough", "viewsHoldColumn"]);
/** The finding naming the views that hold a column (PostgreSQL refuses the DDL while they exist). */
export const VIEW_BINDING_FINDING = "viewsHoldColumn";

/**
 * For a column change, a `select *` reader keeps building (its output just loses or retypes the column);
 * its readers of the column are listed separately. Every other usage, "downstream" included, means the
 * node fails. Impacts that say their reach go by it (older reports said pass-through as usage ["star"]).
 */
export function predictsBreak(impact: Impact): boolean {
  if (impact.reach !== undefined) return impact.reach !== "pass-through";
  return !(impact.usage.length === 1 && impact.usage[0] === "star");
}

export function brokenNodes(diagnostics: readonly Diagnostic[]): Set<string> {
  const broken = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (!BREAKAGE_RULES.has(diagnostic.rule) || ADVISORY_FINDINGS.has(diagnostic.messageId)) continue;
    const wholeRelation = WHOLE_RELATION_FINDINGS.has(diagnostic.messageId);
    for (const impact of diagnostic.impacts) {
      if (wholeRelation || predictsBreak(impact)) broken.add(impact.unique_id);
    }
  }
  return broken;
}

/** Runs `schematic check` on the case's migration over the baseline history. */
export async function predictBreakage(project: OracleProject, migration: string): Promise<Prediction> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), "schematic-oracle-"));
  try {
    const migrations = path.join(cwd, "migrations");
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, "0001_baseline.sql"), `${baselineDdl(project)}\n`);
    const pending = path.join(migrations, "0002_case.sql");
    writeFileSync(pending, `${migration}\n`);
    const result = await runCheck({
      cwd,
      config: emptyConfig(),
      rules: RULES,
      dialect: "postgres",
      migrations,
      manifest: project.manifestPath,
      catalog: project.catalogPath,
      pending: [pending],
    });
    const diagnostics = result.diagnostics.filter(
      (diagnostic) => diagnostic.pending && BREAKAGE_RULES.has(diagnostic.rule),
    );
    const viewHolders = diagnostics
      .filter((diagnostic) => diagnostic.messageId === VIEW_BINDING_FINDING)
      .flatMap((diagnostic) => diagnostic.impacts.map((impact) => impact.unique_id));
    return {
      broken: brokenNodes(diagnostics),
      blocks: diagnostics.some((diagnostic) => diagnostic.severity === "error"),
      viewHolders: new Set(viewHolders),
      diagnostics,
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
