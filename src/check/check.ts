/**
 * `schematic check` as a library call: resolve the settings, read the inputs, analyze them. The work is in
 * inputs.ts (what to read) and analyze.ts (scripts to Report); this only joins them.
 */
import { resolveSettings, type SettingsInput } from "../config/settings.js";
import type { Rule } from "../lint/rule.js";
import type { Report, ReportSummary } from "../report/report.js";
import { analyze } from "./analyze.js";
import { type ReadInputsOptions, readCheckInputs } from "./inputs.js";
import type { ParallelParse } from "./parallel-parse.js";
import type { Timings } from "./timings.js";

export { type AnalysisInputs, type AnalysisSettings, analyze, CORE_DIAGNOSTIC_IDS } from "./analyze.js";

/**
 * A check's options: the configuration and what overrides it (SettingsInput: the CLI's flags, merged by
 * resolveSettings), and how to run.
 */
export interface CheckOptions extends SettingsInput {
  readonly rules: readonly Rule[];
  readonly env?: NodeJS.ProcessEnv;
  /** Reuse parses of unchanged migration files from an earlier run (see ParseCache). */
  readonly cache?: boolean;
  readonly cacheDirectory?: string;
  /** Today (YYYY-MM-DD), for suppression expiry; the clock's date when absent. */
  readonly today?: string;
  /** Whether migrations are parsed on a worker thread while the manifest is read (default auto). */
  readonly parallelParse?: ParallelParse;
  /** Collects where the time goes (SCHEMATIC_TIMING), when given. */
  readonly timings?: Timings;
  /** The migrations folder already loaded by the caller (see ReadInputsOptions). */
  readonly loadedMigrations?: ReadInputsOptions["loadedMigrations"];
}

/** The names a check's result had before the Report was shared by every caller; the same types. */
export type CheckResult = Report;
export type CheckSummary = ReportSummary;

export async function runCheck(options: CheckOptions): Promise<Report> {
  const settings = resolveSettings(options);
  const { inputs, dialect } = await readCheckInputs(settings, options);
  return analyze(inputs, {
    ...settings,
    dialect,
    ...(options.today !== undefined && { today: options.today }),
    ...(options.cache && { cache: true }),
    ...(options.cacheDirectory !== undefined && { cacheDirectory: options.cacheDirectory }),
    ...(options.parallelParse !== undefined && { parallelParse: options.parallelParse }),
    ...(options.timings && { timings: options.timings }),
  });
}
