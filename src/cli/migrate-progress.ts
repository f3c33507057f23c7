/**
 * How a run shows its progress. On a terminal: a live line on stderr (migration n/N, statement i/M,
 * elapsed), rewritten in place and cleared before each finished migration's line. Elsewhere (CI, a pipe):
 * one plain line per migration, as it finishes. With --format json: one JSON object per line for each
 * event (start, each migration with its duration, result), for machines.
 */

import type { MigrateEvent, MigrationResult } from "../migrate/runner.js";
import { redactSecrets } from "../redact.js";
import type { CliIo } from "./io.js";
import { resultJson, resultLine } from "./migrate-format.js";

export interface Progress {
  readonly onEvent: (event: MigrateEvent) => void;
  /** Writes a line to standard output, clearing the live line first. */
  line(text: string): void;
  /** One JSON event line (json format only). */
  event(fields: object): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly format: "text" | "json";
  /** A dry run prints SQL, not per-migration lines. */
  readonly dryRun: boolean;
  /** Ids are padded to this width, so that the columns of the lines align. */
  readonly idWidth?: number;
  readonly now?: () => number;
}

/** The live line: `[2/7] 0002_raw_trades  statement 3/12  1.4 s`. */
export function liveLine(
  state: { position: number; count: number; id: string; statement?: number; statements: number },
  elapsedMs: number,
): string {
  const statement = state.statement !== undefined ? `  statement ${state.statement}/${state.statements}` : "";
  return `[${state.position}/${state.count}] ${state.id}${statement}  ${(elapsedMs / 1000).toFixed(1)} s`;
}

export function createProgress(io: CliIo, options: ProgressOptions): Progress {
  const now = options.now ?? (() => Date.now());
  const live = options.format === "text" && !options.dryRun && io.stderr.isTTY === true;
  const out = (text: string) => io.stdout.write(redactSecrets(text));
  let current:
    | { position: number; count: number; id: string; statement?: number; statements: number; started: number }
    | undefined;
  let shown = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    if (!live || !current) return;
    io.stderr.write(`\r\x1b[2K${liveLine(current, now() - current.started)}`);
    shown = true;
  };
  const clear = () => {
    if (shown) io.stderr.write("\r\x1b[2K");
    shown = false;
  };
  const finished = (result: MigrationResult) => {
    if (options.dryRun) return;
    if (options.format === "json") out(`${JSON.stringify(resultJson(result))}\n`);
    else {
      clear();
      out(`${resultLine(result, options.idWidth)}\n`);
    }
  };
  return {
    onEvent: (event) => {
      switch (event.kind) {
        case "migration-start":
          current = {
            position: event.position,
            count: event.count,
            id: event.id,
            statements: event.statements,
            started: now(),
          };
          if (live && !timer) {
            timer = setInterval(draw, 250);
            timer.unref();
          }
          draw();
          break;
        case "statement":
          if (current) current.statement = event.index + 1;
          draw();
          break;
        case "migration-end":
          current = undefined;
          finished(event.result);
          break;
        case "waiting-for-lock":
          if (options.format === "json")
            out(`${JSON.stringify({ event: "waiting-for-lock", holder: event.holder ?? null })}\n`);
          else {
            clear();
            io.stderr.write(
              redactSecrets(
                `schematic: waiting for the migration lock, held by ${event.holder ?? "another runner"}\n`,
              ),
            );
          }
          break;
        case "recovered":
          if (options.format === "json")
            out(
              `${JSON.stringify({ event: "recovered", id: event.id, statement: event.statement + 1, outcome: event.outcome })}\n`,
            );
          else {
            clear();
            io.stderr.write(
              `schematic: ${event.id} was interrupted at statement ${event.statement + 1}, which ${event.outcome}\n`,
            );
          }
          break;
        default:
          break;
      }
    },
    line: (text) => {
      clear();
      out(`${text}\n`);
    },
    event: (fields) => {
      if (options.format === "json") out(`${JSON.stringify(fields)}\n`);
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      clear();
    },
  };
}
