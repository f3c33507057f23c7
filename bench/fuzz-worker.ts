/**
 * The fuzz harness's library runner (see bench/fuzz.ts): runs the check on one project folder as the CLI
 * would, through the library entry (src/index.ts), renders every report format, and says how it ended.
 * Long-lived: the harness restarts it after a hang or an out-of-memory end.
 */
import { parentPort } from "node:worker_threads";
import * as schematic from "../src/index.js";

export interface FuzzJob {
  readonly id: number;
  readonly dir: string;
  readonly manifest?: string;
  readonly cache: boolean;
}

export interface FuzzOutcome {
  readonly id: number;
  readonly outcome: "ok" | "blocked" | "error" | "crash";
  readonly detail?: string;
}

async function run(job: FuzzJob): Promise<FuzzOutcome> {
  try {
    const { config } = schematic.loadConfig(undefined, job.dir, {});
    const result = await schematic.runCheck({
      cwd: job.dir,
      config,
      rules: schematic.RULES,
      env: {},
      ...(job.manifest && { manifest: job.manifest }),
      ...(job.cache && { cache: true, cacheDirectory: `${job.dir}/.cache` }),
      today: "2026-01-01",
    });
    // Every formatter too: a report that throws is a crash like any other.
    schematic.formatText(result, { color: true });
    schematic.formatJson(result);
    schematic.formatGithub(result);
    schematic.formatMarkdown(result);
    schematic.formatSarif(result, { rules: [], version: "fuzz", repoRelative: (file) => file });
    return { id: job.id, outcome: result.blocked ? "blocked" : "ok" };
  } catch (error) {
    if (error instanceof schematic.SchematicError) {
      return { id: job.id, outcome: "error", detail: `${error.code}: ${error.message}` };
    }
    return {
      id: job.id,
      outcome: "crash",
      detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

parentPort!.on("message", (job: FuzzJob) => {
  void run(job).then((outcome) => parentPort!.postMessage(outcome));
});
