/**
 * Hooks from an environment's configuration: SQL statements or shell commands run before and after the
 * run and each migration (`hooks: {before_run, after_run, before_each, after_each}` in schematic.yml).
 * Shell commands learn where they are from their environment (SCHEMATIC_MIGRATION_ID, SCHEMATIC_DIRECTION,
 * SCHEMATIC_ENV, SCHEMATIC_DATABASE with its password removed); their output goes to the sink the caller
 * gives, secrets redacted. A hook that fails stops the run with an error that names it: before a
 * migration nothing of it has run; after one, it stays applied.
 */
import { spawn } from "node:child_process";
import { SchematicError } from "../errors.js";
import type { Migration } from "../migrations/loader.js";
import { redactSecrets } from "../redact.js";
import { displayUrl } from "./connection.js";
import type { DatabaseDriver } from "./driver.js";
import type { Direction, MigrationResult, RunHooks, RunResult } from "./runner.js";

/** One step of a hook: a SQL statement run on the migration session, or a shell command. */
export type HookStep = { readonly sql: string } | { readonly run: string };

export const HOOK_PHASES = ["before_run", "after_run", "before_each", "after_each"] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

/** An environment's `hooks:`. */
export type HooksConfig = { readonly [phase in HookPhase]?: readonly HookStep[] };

export interface HookContext {
  /** Runs the SQL steps, on the migration session. */
  readonly driver: Pick<DatabaseDriver, "execute" | "describeError">;
  /** The environment's name (SCHEMATIC_ENV); empty when none was chosen. */
  readonly environment: string;
  /** The database, as a URL or a description; shell hooks get it with its password removed. */
  readonly database: string;
  /** The command's direction, for the run hooks' SCHEMATIC_DIRECTION (each migration has its own). */
  readonly direction?: Direction;
  /** Where shell hooks' output goes, line by line (stdout and stderr). */
  readonly output: (line: string) => void;
  /** The shell commands' working directory (the configuration's folder). */
  readonly cwd?: string;
  /** The environment the shell commands inherit (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the configuration is, for error messages (e.g. "environments.prod.hooks"). */
  readonly configPath?: string;
}

/** The hooks for the runner (RunHooks), or undefined when the environment configures none. */
export function buildRunHooks(config: HooksConfig | undefined, context: HookContext): RunHooks | undefined {
  if (!config) return undefined;
  const where =
    context.configPath ?? (context.environment ? `environments.${context.environment}.hooks` : "hooks");
  const steps = (phase: HookPhase): readonly HookStep[] => validSteps(config[phase], `${where}.${phase}`);
  const phases = Object.fromEntries(HOOK_PHASES.map((phase) => [phase, steps(phase)])) as Record<
    HookPhase,
    readonly HookStep[]
  >;
  const database = redactSecrets(displayUrl(context.database));
  const run = (phase: HookPhase, variables: Readonly<Record<string, string>>, moment: string) =>
    runSteps(phases[phase], phase, { ...context, database }, variables, moment);
  const hooks: {
    -readonly [key in keyof RunHooks]: RunHooks[key];
  } = {};
  if (phases.before_run.length > 0) {
    hooks.beforeRun = () =>
      run(
        "before_run",
        context.direction ? { SCHEMATIC_DIRECTION: context.direction } : {},
        "before the run; nothing was applied",
      );
  }
  if (phases.after_run.length > 0) {
    hooks.afterRun = (result: RunResult) =>
      run(
        "after_run",
        {
          ...(context.direction && { SCHEMATIC_DIRECTION: context.direction }),
          SCHEMATIC_RUN_OK: result.ok ? "1" : "0",
        },
        "after the run; what it applied stays applied",
      );
  }
  if (phases.before_each.length > 0) {
    hooks.beforeEach = (migration: Migration, direction: Direction) =>
      run(
        "before_each",
        { SCHEMATIC_MIGRATION_ID: migration.id, SCHEMATIC_DIRECTION: direction },
        `before migration ${migration.id} (${direction}); nothing of it ran`,
      );
  }
  if (phases.after_each.length > 0) {
    hooks.afterEach = (migration: Migration, result: MigrationResult) =>
      run(
        "after_each",
        {
          SCHEMATIC_MIGRATION_ID: migration.id,
          SCHEMATIC_DIRECTION: result.direction,
          SCHEMATIC_MIGRATION_STATUS: result.status,
        },
        `after migration ${migration.id} (${result.direction}, ${result.status}); it stays as it is`,
      );
  }
  return hooks;
}

function validSteps(steps: unknown, where: string): readonly HookStep[] {
  if (steps === undefined || steps === null) return [];
  if (!Array.isArray(steps)) {
    throw new SchematicError(
      "config-invalid",
      `${where} must be a list of {sql: "..."} or {run: "..."} steps.`,
    );
  }
  return steps.map((step: unknown, index) => {
    const keys = step && typeof step === "object" ? Object.keys(step) : [];
    const value = keys.length === 1 ? (step as Record<string, unknown>)[keys[0]!] : undefined;
    if ((keys[0] !== "sql" && keys[0] !== "run") || typeof value !== "string" || value.trim() === "") {
      throw new SchematicError(
        "config-invalid",
        `${where}[${index}] must be {sql: "<one statement>"} or {run: "<shell command>"}.`,
        { hint: 'For example: `- run: ./scripts/notify.sh` or `- sql: "SET ROLE migrator"`.' },
      );
    }
    return keys[0] === "sql" ? { sql: value } : { run: value };
  });
}

async function runSteps(
  steps: readonly HookStep[],
  phase: HookPhase,
  context: HookContext,
  variables: Readonly<Record<string, string>>,
  moment: string,
): Promise<void> {
  for (const [index, step] of steps.entries()) {
    const label = `The ${phase} hook ${"sql" in step ? `\`${shorten(step.sql)}\`` : `\`${shorten(step.run)}\``}${steps.length > 1 ? ` (step ${index + 1})` : ""}`;
    if ("sql" in step) {
      try {
        await context.driver.execute(step.sql);
      } catch (error) {
        const info = context.driver.describeError(error);
        const reason = info ? `${info.message}${info.code ? ` (${info.code})` : ""}` : errorText(error);
        throw new SchematicError("hook", `${label} failed ${moment}: ${redactSecrets(reason)}.`, {
          hint: "Fix the statement in the environment's hooks in schematic.yml, or remove it.",
          cause: error,
        });
      }
      continue;
    }
    const outcome = await runShell(step.run, context, { ...variables, SCHEMATIC_HOOK: phase });
    if (outcome !== undefined) {
      throw new SchematicError("hook", `${label} failed ${moment}: ${outcome}.`, {
        hint: "Its output is above. Fix the command in the environment's hooks in schematic.yml, or remove it.",
      });
    }
  }
}

/** `sql` or a command as shown in messages: one line, secrets removed, long ones cut. */
function shorten(text: string): string {
  const line = redactSecrets(text.replace(/\s+/g, " ").trim());
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs a command in the shell; resolves to undefined when it exits 0, else to what went wrong. */
function runShell(
  command: string,
  context: HookContext,
  variables: Readonly<Record<string, string>>,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      cwd: context.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...withoutHookVariables(context.env ?? process.env),
        SCHEMATIC_ENV: context.environment,
        SCHEMATIC_DATABASE: context.database,
        ...variables,
      },
    });
    const lines = lineSink(context.output);
    child.stdout.on("data", (chunk: Buffer) => lines.stdout(chunk));
    child.stderr.on("data", (chunk: Buffer) => lines.stderr(chunk));
    child.on("error", (error) => {
      lines.flush();
      resolve(`it could not start (${error.message})`);
    });
    child.on("close", (code, signal) => {
      lines.flush();
      if (code === 0) resolve(undefined);
      else resolve(signal ? `it was killed by ${signal}` : `it exited with status ${code}`);
    });
  });
}

/** Hook variables are ours to set: one inherited from an outer run (a hook running schematic) would mislead. */
const HOOK_VARIABLES = new Set([
  "SCHEMATIC_HOOK",
  "SCHEMATIC_MIGRATION_ID",
  "SCHEMATIC_DIRECTION",
  "SCHEMATIC_MIGRATION_STATUS",
  "SCHEMATIC_RUN_OK",
]);

function withoutHookVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !HOOK_VARIABLES.has(name)));
}

/**
 * Output split into lines before it is redacted and passed on: a secret cut in two by a chunk boundary
 * would pass redaction in halves. stdout and stderr keep separate partial lines.
 */
function lineSink(output: (line: string) => void) {
  const pending = { stdout: "", stderr: "" };
  const take = (stream: "stdout" | "stderr", chunk: Buffer) => {
    const text = pending[stream] + chunk.toString("utf8");
    const lines = text.split(/\r?\n/);
    pending[stream] = lines.pop()!;
    for (const line of lines) output(redactSecrets(line));
  };
  return {
    stdout: (chunk: Buffer) => take("stdout", chunk),
    stderr: (chunk: Buffer) => take("stderr", chunk),
    flush: () => {
      for (const stream of ["stdout", "stderr"] as const) {
        if (pending[stream]) output(redactSecrets(pending[stream]));
        pending[stream] = "";
      }
    },
  };
}
