/** Scores Schematic's predictions against PostgreSQL's verdicts and renders the report. */

export interface CaseScore {
  readonly name: string;
  /** A CaseCategory, or "lineage-probe". */
  readonly category: string;
  readonly why: string;
  readonly migration: string;
  /** Nodes PostgreSQL could not build after the migration (among those that built on the baseline). */
  readonly failing: number;
  /** Nodes Schematic says break (restricted to the same nodes). */
  readonly predicted: number;
  readonly truePositives: number;
  readonly falsePositives: readonly string[];
  readonly falseNegatives: readonly string[];
  /** PostgreSQL's first error for each missed node: the clue to why Schematic missed it. */
  readonly missedBecause: Readonly<Record<string, string>>;
  /** Whether Schematic's dbt rules block the change (an error), when the case was run through them. */
  readonly blocks?: boolean;
}

/** Whole-change verdicts: does the gate block exactly the changes after which something fails to build? */
export interface VerdictTotals {
  readonly cases: number;
  /** Blocked, and something fails. */
  readonly truePositives: number;
  /** Blocked, and everything still builds. */
  readonly falsePositives: number;
  /** Passed, and something fails. */
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

export interface OracleTotals {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

export interface OracleReport {
  readonly corpus: string;
  readonly server: string;
  readonly baseline: {
    readonly sourceTables: number;
    readonly views: number;
    readonly built: number;
    readonly excluded: readonly { readonly uniqueId: string; readonly reason: string }[];
    readonly ephemeralModels: number;
  };
  readonly lateColumns: readonly string[];
  /** What the project does not allow to test, and why. */
  readonly notes: readonly string[];
  readonly cases: readonly CaseScore[];
  readonly totals: OracleTotals;
  /** The same totals per kind of migration: where Schematic is right, and where it is not. */
  readonly byCategory: Readonly<Record<string, OracleTotals>>;
  /** The same cases as verdicts (blocked or not), per kind of migration. */
  readonly verdicts: Readonly<Record<string, VerdictTotals>>;
  /** Variants of the project (select * staging, undeclared relations, mixed-case names) and their descriptions. */
  readonly variants: readonly string[];
  /**
   * Views that hold a dropped or retyped column (PostgreSQL refuses the DDL while they exist), against the
   * view-materialized models Schematic names.
   */
  readonly viewBinding?: { readonly totals: OracleTotals; readonly cases: readonly CaseScore[] };
  /** The lineage probe: every model column dropped in turn (only the probes with mistakes are listed). */
  readonly lineage?: {
    readonly probes: number;
    readonly totals: OracleTotals;
    readonly mistakes: readonly CaseScore[];
  };
}

export function scoreCase(
  fields: Pick<CaseScore, "name" | "category" | "why" | "migration" | "blocks">,
  observable: ReadonlySet<string>,
  failing: ReadonlyMap<string, string>,
  predicted: ReadonlySet<string>,
): CaseScore {
  const truth = new Set([...failing.keys()].filter((id) => observable.has(id)));
  const claimed = new Set([...predicted].filter((id) => observable.has(id)));
  const falseNegatives = [...truth].filter((id) => !claimed.has(id)).sort();
  return {
    ...fields,
    failing: truth.size,
    predicted: claimed.size,
    truePositives: [...claimed].filter((id) => truth.has(id)).length,
    falsePositives: [...claimed].filter((id) => !truth.has(id)).sort(),
    falseNegatives,
    missedBecause: Object.fromEntries(falseNegatives.map((id) => [id, failing.get(id) ?? ""])),
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** Precision and recall over all cases; with nothing predicted (or nothing failing) the ratio is 1. */
export function totalsOf(cases: readonly CaseScore[]): OracleTotals {
  const truePositives = cases.reduce((sum, score) => sum + score.truePositives, 0);
  const falsePositives = cases.reduce((sum, score) => sum + score.falsePositives.length, 0);
  const falseNegatives = cases.reduce((sum, score) => sum + score.falseNegatives.length, 0);
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
  };
}

/** Verdict precision and recall over the cases that were run through the rules (those with `blocks`). */
export function verdictsOf(cases: readonly CaseScore[]): VerdictTotals {
  const judged = cases.filter((score) => score.blocks !== undefined);
  const count = (blocks: boolean, breaks: boolean) =>
    judged.filter((score) => score.blocks === blocks && score.failing > 0 === breaks).length;
  const truePositives = count(true, true);
  const falsePositives = count(true, false);
  const falseNegatives = count(false, true);
  return {
    cases: judged.length,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
  };
}

export function verdictsByCategory(cases: readonly CaseScore[]): Record<string, VerdictTotals> {
  const categories = [...new Set(cases.map((score) => score.category))];
  return Object.fromEntries(
    categories.map((category) => [
      category,
      verdictsOf(cases.filter((score) => score.category === category)),
    ]),
  );
}

export function totalsByCategory(cases: readonly CaseScore[]): Record<string, OracleTotals> {
  const categories = [...new Set(cases.map((score) => score.category))];
  return Object.fromEntries(
    categories.map((category) => [category, totalsOf(cases.filter((score) => score.category === category))]),
  );
}

const pad = (text: string, width: number) =>
  text.length >= width ? text : text + " ".repeat(width - text.length);
const padStart = (text: string, width: number) =>
  text.length >= width ? text : " ".repeat(width - text.length) + text;
const shortId = (id: string) => id.replace(/^(model|test)\.[^.]+\./, "$1:");

const wrongVerdict = (score: CaseScore) => score.blocks !== undefined && score.blocks !== score.failing > 0;

export function formatReport(report: OracleReport): string {
  const lines: string[] = [];
  const { baseline, totals } = report;
  lines.push(
    `Oracle: ${report.corpus} on ${report.server}`,
    `Baseline: ${baseline.sourceTables} source tables, ${baseline.views} views (models + data tests), ${baseline.built} built; ` +
      `${baseline.excluded.length} excluded (failed on the untouched baseline); ${baseline.ephemeralModels} ephemeral models are inlined, not observable.`,
  );
  for (const excluded of baseline.excluded)
    lines.push(`  excluded ${shortId(excluded.uniqueId)}: ${excluded.reason}`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  for (const variant of report.variants) lines.push(`Variant: ${variant}`);
  if (report.lateColumns.length > 0)
    lines.push(`Late columns (in the warehouse, not in catalog.json): ${report.lateColumns.join(", ")}`);
  lines.push("");
  const nameWidth = Math.max(4, ...report.cases.map((score) => score.name.length));
  lines.push(`${pad("case", nameWidth)}  failing  predicted   TP   FP   FN  verdict`);
  lines.push("-".repeat(nameWidth + 45));
  for (const score of report.cases) {
    const verdict = score.blocks === undefined ? "" : score.blocks ? "blocked" : "passed";
    lines.push(
      `${pad(score.name, nameWidth)}  ${padStart(String(score.failing), 7)}  ${padStart(String(score.predicted), 9)}  ` +
        `${padStart(String(score.truePositives), 3)}  ${padStart(String(score.falsePositives.length), 3)}  ${padStart(String(score.falseNegatives.length), 3)}  ${verdict}`,
    );
  }
  lines.push("-".repeat(nameWidth + 45));
  lines.push(
    `TP ${totals.truePositives}, FP ${totals.falsePositives}, FN ${totals.falseNegatives}: ` +
      `precision ${totals.precision.toFixed(3)}, recall ${totals.recall.toFixed(3)}`,
  );
  for (const [category, byCategory] of Object.entries(report.byCategory)) {
    lines.push(
      `  ${pad(category, 26)} TP ${padStart(String(byCategory.truePositives), 4)}  FP ${padStart(String(byCategory.falsePositives), 4)}  ` +
        `FN ${padStart(String(byCategory.falseNegatives), 4)}  precision ${byCategory.precision.toFixed(3)}  recall ${byCategory.recall.toFixed(3)}`,
    );
  }
  lines.push("", "Verdicts (blocked by the dbt rules vs. something fails to build):");
  for (const [category, verdicts] of Object.entries(report.verdicts)) {
    lines.push(
      `  ${pad(category, 26)} cases ${padStart(String(verdicts.cases), 3)}  TP ${padStart(String(verdicts.truePositives), 3)}  ` +
        `FP ${padStart(String(verdicts.falsePositives), 3)}  FN ${padStart(String(verdicts.falseNegatives), 3)}  ` +
        `precision ${verdicts.precision.toFixed(3)}  recall ${verdicts.recall.toFixed(3)}`,
    );
  }
  if (report.viewBinding) {
    const { totals: viewTotals, cases } = report.viewBinding;
    lines.push(
      "",
      `View binding (${cases.length} dropped or retyped columns: view-materialized models whose view holds the column): ` +
        `TP ${viewTotals.truePositives}, FP ${viewTotals.falsePositives}, FN ${viewTotals.falseNegatives}: ` +
        `precision ${viewTotals.precision.toFixed(3)}, recall ${viewTotals.recall.toFixed(3)}`,
    );
  }
  if (report.lineage) {
    const { probes, totals: probeTotals } = report.lineage;
    lines.push(
      "",
      `Lineage probe (${probes} model columns, each dropped in turn): TP ${probeTotals.truePositives}, ` +
        `FP ${probeTotals.falsePositives}, FN ${probeTotals.falseNegatives}: precision ${probeTotals.precision.toFixed(3)}, ` +
        `recall ${probeTotals.recall.toFixed(3)}`,
    );
  }
  const mistaken = [
    ...report.cases,
    ...(report.viewBinding?.cases ?? []),
    ...(report.lineage?.mistakes ?? []),
  ].filter(
    (score) => score.falsePositives.length > 0 || score.falseNegatives.length > 0 || wrongVerdict(score),
  );
  for (const score of mistaken) {
    lines.push("", `${score.name}: ${score.migration}`);
    if (wrongVerdict(score))
      lines.push(
        `  verdict: ${score.blocks ? "blocked, but everything builds" : "passed, but something fails"}`,
      );
    for (const id of score.falsePositives) lines.push(`  FP ${shortId(id)}`);
    for (const id of score.falseNegatives) lines.push(`  FN ${shortId(id)}: ${score.missedBecause[id]}`);
  }
  return lines.join("\n");
}
