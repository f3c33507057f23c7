import { describe, expect, it } from "vitest";
import { createProgress, liveLine } from "../../src/cli/migrate-progress.js";
import type { MigrateEvent, MigrationResult } from "../../src/migrate/runner.js";

const RESULT: MigrationResult = {
  id: "0002_raw_trades",
  direction: "up",
  status: "applied",
  durationMs: 42,
  statementsRun: 2,
  statementsTotal: 2,
  transaction: true,
};

function io(tty: boolean) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      cwd: "/",
      env: {},
      stdout: { write: (text: string) => (out.stdout += text), isTTY: tty },
      stderr: { write: (text: string) => (out.stderr += text), isTTY: tty },
    },
  };
}

/** Migration 2 of 7 starts: two statements in a transaction. */
const START: MigrateEvent = {
  kind: "migration-start",
  id: RESULT.id,
  direction: "up",
  position: 2,
  count: 7,
  statements: 2,
  transaction: true,
};

function play(progress: ReturnType<typeof createProgress>) {
  progress.onEvent(START);
  progress.onEvent({ kind: "statement", id: RESULT.id, index: 0, total: 2, line: 3 });
  progress.onEvent({ kind: "statement", id: RESULT.id, index: 1, total: 2, line: 5 });
  progress.onEvent({ kind: "migration-end", result: RESULT });
  progress.stop();
}

describe("progress", () => {
  it("the live line", () => {
    expect(
      liveLine({ position: 2, count: 7, id: "0002_raw_trades", statement: 3, statements: 12 }, 1400),
    ).toBe("[2/7] 0002_raw_trades  statement 3/12  1.4 s");
  });

  it("in CI (no terminal): one plain line per migration, nothing on stderr", () => {
    const { out, io: cli } = io(false);
    play(createProgress(cli, { format: "text", dryRun: false }));
    expect(out).toEqual({ stdout: "applied  0002_raw_trades  2 statements  42 ms\n", stderr: "" });
  });

  it("on a terminal: the live line on stderr, rewritten and cleared before the migration's line", () => {
    const { out, io: cli } = io(true);
    let now = 1000;
    const progress = createProgress(cli, { format: "text", dryRun: false, now: () => now });
    progress.onEvent(START);
    now = 1500;
    progress.onEvent({ kind: "statement", id: RESULT.id, index: 1, total: 2, line: 5 });
    progress.onEvent({ kind: "migration-end", result: RESULT });
    progress.stop();
    expect(out.stderr).toBe(
      "\r\x1b[2K[2/7] 0002_raw_trades  0.0 s\r\x1b[2K[2/7] 0002_raw_trades  statement 2/2  0.5 s\r\x1b[2K",
    );
    expect(out.stdout).toBe("applied  0002_raw_trades  2 statements  42 ms\n");
  });

  it("--format json: one event line per migration with its duration", () => {
    const { out, io: cli } = io(true);
    play(createProgress(cli, { format: "json", dryRun: false }));
    expect(out.stderr).toBe("");
    expect(
      out.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        event: "migration",
        id: "0002_raw_trades",
        direction: "up",
        status: "applied",
        duration_ms: 42,
        statements_run: 2,
        statements_total: 2,
        transaction: true,
      },
    ]);
  });
});
