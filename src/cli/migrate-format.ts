/**
 * What `schematic migrate` prints, as pure functions of the status, the history and the run's result:
 * text for people, JSON for tools. The JSON field names are a public contract (snake_case, as the history
 * table's columns): add fields, never rename or remove them.
 */
import type { HistoryRow } from "../migrate/history.js";
import type { MigrationStatus } from "../migrate/plan.js";
import type { MigrationResult, RunResult } from "../migrate/runner.js";

export interface Header {
  /** The database, redacted. */
  readonly database: string;
}

/** `status --format json`: one object. */
export function statusJson(status: MigrationStatus, header: Header): object {
  return {
    database: header.database,
    current: status.current,
    applied: status.applied.map(({ row }) => ({
      id: row.id,
      checksum: row.checksum,
      applied_at: row.appliedAt.toISOString(),
      duration_ms: row.durationMs,
      applied_by: row.appliedBy,
      ...(row.forcedReason !== undefined && {
        forced_reason: row.forcedReason,
        forced_rules: row.forcedRules ?? [],
      }),
      ...(row.kind !== "migration" && { kind: row.kind }),
      ...(row.state !== "applied" && { state: row.state }),
    })),
    pending: status.pending.map((migration) => ({ id: migration.id, file: migration.up.path })),
    dirty: status.dirty?.id ?? null,
    ...(status.dirty && {
      dirty_detail: {
        state: status.dirty.state,
        statements_done: status.dirty.statementsDone,
        statements_total: status.dirty.statementsTotal,
        error: status.dirty.error ?? null,
        needs_repair: status.dirty.needsRepair ?? false,
      },
    }),
    edited: status.edited.map((entry) => ({
      id: entry.migration.id,
      file: entry.migration.up.path,
      applied_checksum: entry.row.checksum,
      checksum: entry.checksum,
    })),
    missing: status.missing.map((row) => ({ id: row.id })),
    out_of_order: status.outOfOrder.map((migration) => ({ id: migration.id })),
  };
}

function when(date: Date): string {
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

function table(rows: readonly (readonly string[])[], indent = "  "): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}`.trimEnd(),
    )
    .join("\n");
}

export function statusText(status: MigrationStatus, header: Header): string {
  const lines = [`Database: ${header.database}`];
  lines.push(
    `Current:  ${status.current ?? "none (nothing applied)"}; ${status.applied.length} applied, ${status.pending.length} pending`,
  );
  const rows: string[][] = [];
  for (const { row } of status.applied) {
    const state = row.state === "applied" ? (row.kind === "baseline" ? "stamped" : "applied") : row.state;
    const forced = row.forcedReason !== undefined ? `  forced: ${row.forcedReason}` : "";
    rows.push([state, row.id, when(row.appliedAt), `${row.durationMs} ms`, `${row.appliedBy}${forced}`]);
  }
  for (const migration of status.pending) rows.push(["pending", migration.id, "", "", ""]);
  if (rows.length > 0) lines.push("", table(rows));
  if (status.dirty) {
    const dirty = status.dirty;
    lines.push(
      "",
      `Dirty:    ${dirty.id} stopped ${dirty.state === "reverting" ? "undoing" : "applying"} after ${dirty.statementsDone} of ${dirty.statementsTotal} statements${dirty.error ? `: ${dirty.error}` : ""}`,
    );
  }
  for (const entry of status.edited)
    lines.push(`Edited:   ${entry.migration.id} (${entry.migration.up.path}) changed since it was applied`);
  for (const row of status.missing) lines.push(`Missing:  ${row.id} is applied but its file is gone`);
  for (const migration of status.outOfOrder)
    lines.push(`Late:     ${migration.id} is pending but sorts before ${status.current}`);
  return `${lines.join("\n")}\n`;
}

export function historyJson(rows: readonly HistoryRow[], header: Header): object {
  return {
    database: header.database,
    history: rows.map((row) => ({
      installed_rank: row.installedRank,
      id: row.id,
      version: row.version ?? null,
      description: row.description,
      kind: row.kind,
      state: row.state,
      checksum: row.checksum,
      applied_at: row.appliedAt.toISOString(),
      duration_ms: row.durationMs,
      applied_by: row.appliedBy,
      statements_done: row.statementsDone,
      statements_total: row.statementsTotal,
      error: row.error ?? null,
      forced_reason: row.forcedReason ?? null,
      forced_rules: row.forcedRules ?? [],
      tool_version: row.toolVersion,
    })),
  };
}

export function historyText(rows: readonly HistoryRow[], header: Header): string {
  if (rows.length === 0) return `Database: ${header.database}\nNo migration has been applied.\n`;
  const body = rows.map((row) => [
    String(row.installedRank),
    row.id,
    row.kind === "baseline" ? "stamped" : row.state,
    when(row.appliedAt),
    `${row.durationMs} ms`,
    `${row.appliedBy}${row.forcedReason !== undefined ? `  forced (${(row.forcedRules ?? []).join(", ")}): ${row.forcedReason}` : ""}`,
  ]);
  return `Database: ${header.database}\n\n${table([["#", "migration", "state", "applied at", "took", "by"], ...body])}\n`;
}

/** One line per migration a run touched, as the run goes. */
export function resultLine(result: MigrationResult, idWidth = 0): string {
  const verb = {
    applied: "applied ",
    reverted: "reverted",
    failed: "FAILED  ",
    "not-run": "not run ",
  }[result.status];
  const statements =
    result.status === "not-run"
      ? ""
      : `  ${result.statementsRun}${result.statementsRun === result.statementsTotal ? "" : ` of ${result.statementsTotal}`} statement${result.statementsTotal === 1 ? "" : "s"}${result.resumedFrom !== undefined ? ` (resumed at ${result.resumedFrom + 1})` : ""}`;
  const took = result.status === "not-run" ? "" : `  ${result.durationMs} ms`;
  return `${verb} ${result.id.padEnd(idWidth)}${statements}${took}`.trimEnd();
}

export function resultJson(result: MigrationResult): object {
  return {
    event: "migration",
    id: result.id,
    direction: result.direction,
    status: result.status,
    duration_ms: result.durationMs,
    statements_run: result.statementsRun,
    statements_total: result.statementsTotal,
    transaction: result.transaction,
    ...(result.resumedFrom !== undefined && { resumed_from: result.resumedFrom + 1 }),
    ...(result.error && {
      error: {
        message: result.error.message,
        code: result.error.code ?? null,
        file: result.error.file,
        line: result.error.line,
        statement: result.error.statement + 1,
      },
    }),
  };
}

/** What --dry-run prints: the SQL, each statement ended, a comment naming the database. */
export function dryRunText(run: RunResult, header: Header): string {
  const statements = (run.sql ?? []).map((sql) => `${sql.trimEnd().replace(/;$/, "")};`);
  return `-- Dry run against ${header.database}: nothing was run.\n${statements.join("\n")}\n`;
}

/** The paragraph a failed migration ends with: where, what the database said, and where things stand. */
export function failureText(result: MigrationResult, transactional: boolean): string {
  const error = result.error;
  if (!error) return "";
  const where = `${error.file}:${error.line}`;
  const state = transactional
    ? `Nothing of ${result.id} was kept (it ran in a transaction).`
    : `${result.id} is marked dirty after ${result.statementsRun} statement(s): fix the cause, then \`schematic migrate ${result.direction}\` resumes at statement ${error.statement + 1}, or settle it with \`schematic migrate repair ${result.id} --applied|--reverted|--resume-at N\`.`;
  return `schematic: ${where}: migration ${result.id} failed at statement ${error.statement + 1}: ${error.message}${error.code ? ` (${error.code})` : ""}. ${state}\n`;
}
