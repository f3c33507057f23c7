/**
 * The migrator: applies and undoes migrations on one database through its driver, and returns what
 * happened to each (applied, reverted, failed, not run) instead of throwing half-way (Kysely's Migrator,
 * Umzug). One run holds the run lock from start to end, released in `finally`. Where the engine has DDL
 * transactions, a migration and its history row commit together; elsewhere each statement's progress is
 * recorded, a failure leaves the migration marked dirty, and the next `up` resumes from the failed
 * statement (after finding out whether a dead runner's last statement took effect).
 */
import { SchematicError } from "../errors.js";
import type { Migration, MigrationScript } from "../migrations/loader.js";
import type { DatabaseDriver, SessionSettings } from "./driver.js";
import type { HistoryRow, HistorySql, HistoryStore, HistoryUpdate, SqlStatement } from "./history.js";
import {
  type AppliedMigration,
  type DownTarget,
  type MigrationStatus,
  migrationStatus,
  migrationsToApply,
  migrationsToUndo,
  resolveRevision,
  type UpTarget,
} from "./plan.js";
import { statementEffect } from "./recovery.js";
import type { ExecutableStatement, ExecutionPlan } from "./statements.js";

export type Direction = "up" | "down";

export interface StatementFailure {
  readonly message: string;
  readonly code?: string;
  /** 0-based index of the statement in its script, and where it is. */
  readonly statement: number;
  readonly file: string;
  readonly line: number;
  readonly sql: string;
}

export interface MigrationResult {
  readonly id: string;
  readonly direction: Direction;
  readonly status: "applied" | "reverted" | "failed" | "not-run";
  readonly durationMs: number;
  /** Statements run by this run (fewer than the script has when it resumed). */
  readonly statementsRun: number;
  readonly statementsTotal: number;
  /** The statement it resumed from (0-based), when a failed or interrupted migration went on. */
  readonly resumedFrom?: number;
  readonly transaction: boolean;
  readonly error?: StatementFailure;
}

export interface RunResult {
  readonly results: readonly MigrationResult[];
  /** Every migration it ran succeeded. */
  readonly ok: boolean;
  /** With dry-run: the SQL it would have run, in order (history table statements and the lock included). */
  readonly sql?: readonly string[];
}

export type MigrateEvent =
  | { readonly kind: "waiting-for-lock"; readonly holder?: string }
  | { readonly kind: "locked"; readonly description: string }
  | {
      readonly kind: "migration-start";
      readonly id: string;
      readonly direction: Direction;
      /** 1-based position among the migrations this run touches, and their count. */
      readonly position: number;
      readonly count: number;
      readonly statements: number;
      readonly transaction: boolean;
    }
  | {
      readonly kind: "statement";
      readonly id: string;
      readonly index: number;
      readonly total: number;
      readonly line: number;
    }
  | { readonly kind: "migration-end"; readonly result: MigrationResult }
  | { readonly kind: "recovered"; readonly id: string; readonly statement: number; readonly outcome: string };

/** Called around the run and each migration (SQL or shell hooks from the configuration); a throw stops the run. */
export interface RunHooks {
  readonly beforeRun?: () => Promise<void>;
  readonly afterRun?: (result: RunResult) => Promise<void>;
  readonly beforeEach?: (migration: Migration, direction: Direction) => Promise<void>;
  readonly afterEach?: (migration: Migration, result: MigrationResult) => Promise<void>;
}

export interface Forced {
  readonly reason: string;
  /** The rules whose findings the force overrode, kept in the history row. */
  readonly rules: readonly string[];
}

export interface MigratorOptions {
  readonly driver: DatabaseDriver;
  readonly history: HistoryStore;
  /** The history table's SQL, for --dry-run to print. */
  readonly historySql: HistorySql;
  /** In the loader's order. */
  readonly migrations: readonly Migration[];
  /** Cuts a script into statements and says how it runs (statements.ts executionPlan). */
  readonly plan: (script: MigrationScript) => ExecutionPlan;
  /** The checksum of a migration's up script (migrationChecksum). */
  readonly checksum: (migration: Migration) => string;
  readonly lockName: string;
  readonly lockTimeoutMs: number;
  readonly session?: SessionSettings;
  /** Who runs it, for the history: the database user and the machine. */
  readonly appliedBy: string;
  readonly toolVersion: string;
  readonly hooks?: RunHooks;
  readonly onEvent?: (event: MigrateEvent) => void;
  /** Apply pending migrations older than the latest applied one (a branch merged late). */
  readonly outOfOrder?: boolean;
  readonly now?: () => number;
}

/** Where statements go: the database, or (dry run) a list of SQL to print. */
interface Target {
  readonly dryRun: boolean;
  execute(sql: string): Promise<void>;
  /** Several statements in one round trip, where the driver can (never in a dry run: it prints each). */
  readonly batch?: (statements: readonly SqlStatement[]) => Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  insert(row: HistoryRow): Promise<void>;
  update(id: string, update: HistoryUpdate): Promise<void>;
  delete(id: string): Promise<void>;
}

function liveTarget(driver: DatabaseDriver, history: HistoryStore): Target {
  return {
    dryRun: false,
    execute: (sql) => driver.execute(sql),
    ...(driver.executeBatch && { batch: (statements) => driver.executeBatch!(statements) }),
    begin: () => driver.begin(),
    commit: () => driver.commit(),
    rollback: () => driver.rollback(),
    insert: (row) => history.insert(row),
    update: (id, update) => history.update(id, update),
    delete: (id) => history.delete(id),
  };
}

function dryTarget(historySql: HistorySql, style: "dollar" | "question", sink: string[]): Target {
  const print = (statement: SqlStatement) => {
    sink.push(inlineParameters(statement, style));
  };
  return {
    dryRun: true,
    execute: async (sql) => {
      sink.push(sql);
    },
    begin: async () => {
      sink.push("BEGIN");
    },
    commit: async () => {
      sink.push("COMMIT");
    },
    rollback: async () => {
      sink.push("ROLLBACK");
    },
    insert: async (row) => print(historySql.insert(row)),
    update: async (id, update) => print(historySql.update(id, update)),
    delete: async (id) => print(historySql.delete(id)),
  };
}

/** A statement with its parameters written in, for --dry-run. */
export function inlineParameters(statement: SqlStatement, style: "dollar" | "question"): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
      return String(value);
    // MySQL's DATETIME takes no zone suffix (the history holds UTC), and its strings read backslashes as
    // escapes (unless sql_mode has NO_BACKSLASH_ESCAPES): the printed SQL must run as printed.
    if (value instanceof Date)
      return style === "dollar"
        ? `'${value.toISOString()}'`
        : `'${value.toISOString().replace("T", " ").replace("Z", "")}'`;
    const text = String(value).replace(/'/g, "''");
    return style === "dollar" ? `'${text}'` : `'${text.replace(/\\/g, "\\\\")}'`;
  };
  if (style === "dollar") {
    return statement.sql.replace(/\$(\d+)/g, (_, n: string) => literal(statement.parameters[Number(n) - 1]));
  }
  let next = 0;
  return statement.sql.replace(/\?/g, () => literal(statement.parameters[next++]));
}

/**
 * A migration left half done by a run in the other direction is finished by that direction (or settled by
 * `repair`) before this run goes on: undoing a half-applied migration would run its down script on
 * statements that never ran.
 */
function refuseHalfDoneTheOtherWay(dirty: HistoryRow, direction: Direction): void {
  const other =
    direction === "up"
      ? { state: "reverting", done: "undone", finish: "undoing", command: "down" }
      : { state: "applying", done: "applied", finish: "applying", command: "up" };
  if (dirty.state !== other.state) return;
  throw new SchematicError(
    "migration-history",
    `Migration ${dirty.id} is half ${other.done}${dirty.error ? ` (${dirty.error})` : ""}.`,
    {
      hint: `Finish ${other.finish} it with \`schematic migrate ${other.command}\`, or say how the database was fixed with \`schematic migrate repair ${dirty.id} --applied\` or \`--reverted\`.`,
    },
  );
}

export class Migrator {
  private readonly now: () => number;

  constructor(private readonly options: MigratorOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** The database's status against the folder (reads only; takes no lock). */
  async status(): Promise<MigrationStatus> {
    return migrationStatus(this.options.migrations, await this.options.history.read(), this.options.checksum);
  }

  async up(
    target: UpTarget & { readonly dryRun?: boolean; readonly force?: Forced } = {},
  ): Promise<RunResult> {
    return this.run(target.dryRun ?? false, async (run, status) => {
      this.refuseUnsafe(status, "up");
      const results: MigrationResult[] = [];
      const dirty = status.dirty;
      if (dirty) {
        refuseHalfDoneTheOtherWay(dirty, "up");
        this.refuseUnsettled(dirty);
        const migration = this.migrationOf(dirty);
        const result = await this.resume(run, migration, dirty, { position: 1, count: 1 });
        results.push(result);
      }
      const todo = migrationsToApply(status, this.options.migrations, target).filter(
        (migration) => migration.id !== dirty?.id,
      );
      if (results[0]?.status === "failed") {
        // As after a first failure: what the run would have applied next is reported as not run.
        return [...results, ...todo.map((left) => notRun(left.id, "up"))];
      }
      let rank = nextRank(status);
      const commits = new CommitDurability(this.options.driver.relaxedCommit);
      for (const [index, migration] of todo.entries()) {
        const existing = status.applied.find((entry) => entry.row.id === migration.id);
        const relaxed = commits.relaxes(index, todo.length);
        const result = await this.apply(run, migration, {
          rank: existing ? existing.row.installedRank : rank++,
          position: index + 1,
          count: todo.length,
          ...(target.force && { force: target.force }),
          replaces: existing?.row,
          relaxed,
        });
        results.push(result);
        commits.committed(result, relaxed);
        if (result.status === "failed") {
          for (const left of todo.slice(index + 1)) results.push(notRun(left.id, "up"));
          break;
        }
      }
      await commits.flush(run);
      return results;
    });
  }

  async down(target: DownTarget & { readonly dryRun?: boolean } = {}): Promise<RunResult> {
    return this.run(target.dryRun ?? false, async (run, status) => {
      const results: MigrationResult[] = [];
      const dirty = status.dirty;
      if (dirty) {
        refuseHalfDoneTheOtherWay(dirty, "down");
        this.refuseUnsettled(dirty);
        const result = await this.undo(
          run,
          { row: dirty, migration: this.migrationOf(dirty) },
          {
            position: 1,
            count: 1,
            from: dirty.statementsDone,
          },
        );
        results.push(result);
        if (result.status === "failed") return results;
      }
      const todo = migrationsToUndo(status, this.options.migrations, target).filter(
        (entry) => entry.row.id !== dirty?.id,
      );
      const commits = new CommitDurability(this.options.driver.relaxedCommit);
      for (const [index, entry] of todo.entries()) {
        const relaxed = commits.relaxes(index, todo.length);
        const result = await this.undo(run, entry, {
          position: index + 1,
          count: todo.length,
          from: 0,
          relaxed,
        });
        results.push(result);
        commits.committed(result, relaxed);
        if (result.status === "failed") {
          for (const left of todo.slice(index + 1)) results.push(notRun(left.row.id, "down"));
          break;
        }
      }
      await commits.flush(run);
      return results;
    });
  }

  /** Undoes the latest migration and applies it again, under one lock (Alembic's and Flyway's redo). */
  async redo(options: { readonly dryRun?: boolean } = {}): Promise<RunResult> {
    return this.run(options.dryRun ?? false, async (run, status) => {
      this.refuseUnsafe(status, "redo");
      if (status.dirty) this.refuseUnsettled(status.dirty);
      const [latest] = migrationsToUndo(status, this.options.migrations, { step: 1 });
      if (!latest) return [];
      const down = await this.undo(run, latest, { position: 1, count: 2, from: 0 });
      if (down.status === "failed" || !latest.migration) return [down];
      const up = await this.apply(run, latest.migration, {
        rank: latest.row.installedRank,
        position: 2,
        count: 2,
      });
      return [down, up];
    });
  }

  /**
   * Records the database as being at `revision` without running anything: rows for the migrations up to
   * it, none after it (`base`: none at all). Adopting a database made by hand or by another tool.
   */
  async stamp(revision: string, options: { readonly dryRun?: boolean } = {}): Promise<RunResult> {
    return this.run(options.dryRun ?? false, async (run, status) => {
      const { migrations } = this.options;
      const to = resolveRevision(migrations, revision);
      const limit = to === "base" ? -1 : migrations.findIndex((migration) => migration.id === to);
      const rows = new Map(status.applied.map((entry) => [entry.row.id, entry.row]));
      let rank = nextRank(status);
      for (const [index, migration] of migrations.entries()) {
        const row = rows.get(migration.id);
        if (index <= limit && !migration.repeatable && !row) {
          await run.insert(
            this.row(migration, { kind: "baseline", rank: rank++, durationMs: 0, statements: 0 }),
          );
        } else if (index > limit && row) {
          await run.delete(row.id);
        }
      }
      if (to === "base")
        for (const entry of status.applied) if (!entry.migration) await run.delete(entry.row.id);
      return [];
    });
  }

  /**
   * Settles a dirty migration after the user fixed the database by hand: `applied` (the rest of it was
   * applied by hand) or `reverted` (what it had done was undone by hand; it will run again from the start).
   */
  async repair(
    id: string,
    outcome: "applied" | "reverted" | { readonly resumeAt: number },
    options: { readonly dryRun?: boolean } = {},
  ): Promise<RunResult> {
    return this.run(options.dryRun ?? false, async (run, status) => {
      const entry = status.applied.find((applied) => applied.row.id === id);
      if (!entry) {
        throw new SchematicError(
          "usage",
          `Migration ${id} has no row in the history, so there is nothing to repair.`,
          {
            hint: "`schematic migrate status` lists the history.",
          },
        );
      }
      if (outcome === "reverted") await run.delete(id);
      else if (typeof outcome === "object") {
        const total = entry.row.statementsTotal;
        if (entry.row.state === "applied" || outcome.resumeAt < 1 || outcome.resumeAt > total + 1) {
          throw new SchematicError(
            "usage",
            `--resume-at ${outcome.resumeAt} does not fit migration ${id} (${entry.row.state}, ${total} statements).`,
            {
              hint: `Give the number of the first statement still to run, 1 to ${total + 1}, of a migration that stopped part-way.`,
            },
          );
        }
        // With an error kept, the next run resumes there without asking the schema again.
        await run.update(id, {
          statementsDone: outcome.resumeAt - 1,
          needsRepair: false,
          error: `resumes at statement ${outcome.resumeAt}, as repair was told`,
        });
      } else {
        await run.update(id, {
          state: "applied",
          statementsDone: entry.row.statementsTotal,
          needsRepair: false,
          clearError: true,
          ...(entry.migration && { checksum: this.options.checksum(entry.migration) }),
        });
      }
      return [];
    });
  }

  /** Accepts the current text of an edited migration as what was applied (its checksum and script). */
  async acceptEdit(id: string, options: { readonly dryRun?: boolean } = {}): Promise<RunResult> {
    return this.run(options.dryRun ?? false, async (run, status) => {
      const edited = status.edited.find((entry) => entry.migration.id === id);
      if (!edited) {
        throw new SchematicError("usage", `Migration ${id} is not edited since it was applied.`, {
          hint: "`schematic migrate verify` lists the edited migrations.",
        });
      }
      await run.update(id, { checksum: edited.checksum });
      return [];
    });
  }

  // ---------------------------------------------------------------------------------------------

  private async run(
    dryRun: boolean,
    body: (target: Target, status: MigrationStatus) => Promise<MigrationResult[]>,
  ): Promise<RunResult> {
    const { driver, history, historySql } = this.options;
    const sql: string[] = [];
    const target = dryRun
      ? dryTarget(historySql, driver.capabilities.parameterStyle, sql)
      : liveTarget(driver, history);
    const lockSql = driver.lockSql(this.options.lockName);
    let lock: { release(): Promise<void> } | undefined;
    try {
      if (dryRun) sql.push(lockSql.acquire);
      else {
        const held = await driver.lock({
          name: this.options.lockName,
          timeoutMs: this.options.lockTimeoutMs,
          onWait: (holder) => this.options.onEvent?.({ kind: "waiting-for-lock", ...(holder && { holder }) }),
        });
        lock = held;
        this.options.onEvent?.({ kind: "locked", description: held.description });
      }
      if (historySql.location.schema === undefined) historySql.pinSchema(await driver.currentSchema());
      if (dryRun) sql.push(historySql.createTable().sql);
      else await history.ensure();
      for (const statement of driver.sessionSql(this.options.session ?? {})) await target.execute(statement);
      if (!dryRun) await this.options.hooks?.beforeRun?.();
      let rows = await history.read();
      if (!dryRun) rows = await this.recover(rows);
      const status = migrationStatus(this.options.migrations, rows, this.options.checksum);
      const results = await body(target, status);
      const result: RunResult = {
        results,
        ok: results.every((entry) => entry.status !== "failed"),
        ...(dryRun && { sql: [...sql, lockSql.release] }),
      };
      if (!dryRun) await this.options.hooks?.afterRun?.(result);
      return result;
    } finally {
      await lock?.release();
    }
  }

  /** Edited or missing migrations, and (unless allowed) late ones, stop an up before anything runs. */
  private refuseUnsafe(status: MigrationStatus, command: string): void {
    const edited = status.edited[0];
    if (edited) {
      throw new SchematicError(
        "migration-history",
        `Migration ${edited.migration.id} changed since it was applied (${edited.migration.up.path}): its statements are not the ones the database ran${status.edited.length > 1 ? `, and ${status.edited.length - 1} more` : ""}.`,
        {
          hint: `Put the file back as it was and add a new migration for the change; if the database was changed by hand to match, accept it with \`schematic migrate repair ${edited.migration.id} --accept-edit\`.`,
        },
      );
    }
    const missing = status.missing[0];
    if (missing) {
      throw new SchematicError(
        "migration-history",
        `Migration ${missing.id} is applied in this database but its file is not in the migrations folder${status.missing.length > 1 ? ` (and ${status.missing.length - 1} more)` : ""}.`,
        {
          hint: "Check out the branch that has it (the database is ahead of this folder), or, if it was deleted on purpose, remove its row with `schematic migrate repair <id> --reverted` after undoing it by hand.",
        },
      );
    }
    const late = status.outOfOrder[0];
    if (late && !this.options.outOfOrder) {
      throw new SchematicError(
        "migration-history",
        `Migration ${late.id} is not applied but sorts before ${status.current}, which is: it would run out of order${status.outOfOrder.length > 1 ? ` (and ${status.outOfOrder.length - 1} more)` : ""}.`,
        {
          hint: `Rename it to sort after the latest applied migration, or run \`schematic migrate ${command} --out-of-order\` if running it late is safe.`,
        },
      );
    }
  }

  /** A migration whose last statement's effect nobody knows waits for the user's word. */
  private refuseUnsettled(row: HistoryRow): void {
    if (!row.needsRepair) return;
    const next = row.statementsDone + 1;
    throw new SchematicError(
      "migration-history",
      `Migration ${row.id} needs repair: ${row.error ?? "its run stopped part-way"}`,
      {
        hint: `Look at the database, then say where it stands: \`schematic migrate repair ${row.id} --resume-at ${next}\` if statement ${next} did not take effect (or --resume-at ${next + 1} if it did), --applied if the whole migration is in place, --reverted if you undid what it had done.`,
      },
    );
  }

  private migrationOf(row: HistoryRow): Migration {
    const migration = this.options.migrations.find((candidate) => candidate.id === row.id);
    if (!migration) {
      throw new SchematicError(
        "migration-history",
        `Migration ${row.id} is dirty, and its file is not in the migrations folder.`,
        {
          hint: `Check out the branch that has it, or settle it by hand and run \`schematic migrate repair ${row.id} --applied\` or \`--reverted\`.`,
        },
      );
    }
    return migration;
  }

  private row(
    migration: Migration,
    fields: {
      kind: HistoryRow["kind"];
      rank: number;
      durationMs: number;
      statements: number;
      state?: HistoryRow["state"];
      done?: number;
      force?: Forced;
    },
  ): HistoryRow {
    return {
      id: migration.id,
      ...(migration.version !== undefined && { version: migration.version }),
      description: migration.description,
      kind: fields.kind,
      checksum: this.options.checksum(migration),
      state: fields.state ?? "applied",
      statementsDone: fields.done ?? fields.statements,
      statementsTotal: fields.statements,
      script: migration.up.text,
      installedRank: fields.rank,
      appliedAt: new Date(this.now()),
      durationMs: fields.durationMs,
      appliedBy: this.options.appliedBy,
      ...(fields.force && { forcedReason: fields.force.reason, forcedRules: fields.force.rules }),
      toolVersion: this.options.toolVersion,
    };
  }

  private async apply(
    run: Target,
    migration: Migration,
    context: {
      rank: number;
      position: number;
      count: number;
      force?: Forced;
      replaces?: HistoryRow;
      /** Its commit need not wait for the disk: a later one in the run flushes it (CommitDurability). */
      relaxed?: boolean;
    },
  ): Promise<MigrationResult> {
    const plan = this.options.plan(migration.up);
    const transaction = plan.mode.kind === "transaction";
    const kind = migration.repeatable ? "repeatable" : "migration";
    const total = plan.statements.length;
    const start = {
      direction: "up" as const,
      position: context.position,
      count: context.count,
      statements: total,
      transaction,
    };
    return this.announced(run, migration, start, async () => {
      const started = this.now();
      const row = (state: HistoryRow["state"], done: number) =>
        this.row(migration, {
          kind,
          rank: context.rank,
          durationMs: this.now() - started,
          statements: total,
          state,
          done,
          ...(context.force && { force: context.force }),
        });
      let result: MigrationResult;
      if (transaction) {
        try {
          await this.transaction(run, migration, migration.up, plan, context.relaxed ?? false, {
            statements: () => [
              ...(context.replaces ? [this.options.historySql.delete(migration.id)] : []),
              this.options.historySql.insert(row("applied", total)),
            ],
            write: async () => {
              if (context.replaces) await run.delete(migration.id);
              await run.insert(row("applied", total));
            },
          });
          result = this.result(migration.id, "up", "applied", started, total, total, true);
        } catch (error) {
          await run.rollback().catch(() => undefined);
          result = this.failure(migration.id, "up", started, 0, total, true, error);
        }
      } else {
        if (context.replaces) await run.delete(migration.id);
        await run.insert(row("applying", 0));
        result = await this.runStatements(run, migration, migration.up, plan, 0, started, "up");
      }
      return result;
    });
  }

  /** Goes on with a migration a statement stopped (resumed from the failed one) or a dead runner left. */
  private async resume(
    run: Target,
    migration: Migration,
    row: HistoryRow,
    context: { position: number; count: number },
  ): Promise<MigrationResult> {
    const plan = this.options.plan(migration.up);
    const total = plan.statements.length;
    const start = {
      direction: "up",
      position: context.position,
      count: context.count,
      statements: total - row.statementsDone,
      transaction: false,
    } as const;
    return this.announced(run, migration, start, async () => {
      if (!run.dryRun) await run.update(migration.id, { clearError: true });
      return this.runStatements(run, migration, migration.up, plan, row.statementsDone, this.now(), "up");
    });
  }

  private async undo(
    run: Target,
    entry: AppliedMigration,
    context: { position: number; count: number; from: number; relaxed?: boolean },
  ): Promise<MigrationResult> {
    const { row, migration } = entry;
    if (!migration?.down) {
      throw new SchematicError(
        "migration-layout",
        `Migration ${row.id} has no down script, so it cannot be undone.`,
        {
          hint: migration
            ? `Add one (a ${migration.up.path.replace(/\.sql$/i, ".down.sql")} file, or a -- migrate:down section), or restore from a backup.`
            : "Its file is not in the migrations folder either: check out the branch that has it.",
        },
      );
    }
    const down = migration.down;
    const plan = this.options.plan(down);
    const transaction = plan.mode.kind === "transaction" && context.from === 0;
    const total = plan.statements.length;
    const start = {
      direction: "down" as const,
      position: context.position,
      count: context.count,
      statements: total,
      transaction,
    };
    return this.announced(run, migration, start, async () => {
      const started = this.now();
      let result: MigrationResult;
      if (transaction) {
        try {
          await this.transaction(run, migration, down, plan, context.relaxed ?? false, {
            statements: () => [this.options.historySql.delete(row.id)],
            write: () => run.delete(row.id),
          });
          result = this.result(row.id, "down", "reverted", started, total, total, true);
        } catch (error) {
          await run.rollback().catch(() => undefined);
          result = this.failure(row.id, "down", started, 0, total, true, error);
        }
      } else {
        if (context.from === 0)
          await run.update(row.id, { state: "reverting", statementsDone: 0, clearError: true });
        else await run.update(row.id, { clearError: true });
        result = await this.runStatements(run, migration, down, plan, context.from, started, "down");
      }
      return result;
    });
  }

  /**
   * Runs one migration between its start and end events and the configuration's hooks around each
   * migration (not in a dry run: it prints SQL, it does not run hooks). A throwing before-hook stops the run.
   */
  private async announced(
    run: Target,
    migration: Migration,
    start: {
      readonly direction: Direction;
      readonly position: number;
      readonly count: number;
      readonly statements: number;
      readonly transaction: boolean;
    },
    body: () => Promise<MigrationResult>,
  ): Promise<MigrationResult> {
    this.event({ kind: "migration-start", id: migration.id, ...start });
    if (!run.dryRun) await this.options.hooks?.beforeEach?.(migration, start.direction);
    const result = await body();
    this.event({ kind: "migration-end", result });
    if (!run.dryRun) await this.options.hooks?.afterEach?.(migration, result);
    return result;
  }

  /**
   * A transactional script and its history change, committed together; throws what failed (the caller
   * rolls back). Where the driver takes a batch, the statements go in one round trip and the history change
   * with the COMMIT in a second, instead of a round trip each: on a database a millisecond away, the round
   * trips cost as much as the DDL. When the batch fails it is rolled back and the script runs again
   * statement by statement, which names the statement that fails (or applies it, if what failed has
   * passed since, as a lock timeout may).
   */
  private async transaction(
    run: Target,
    migration: Migration,
    script: MigrationScript,
    plan: ExecutionPlan,
    relaxed: boolean,
    history: { readonly statements: () => SqlStatement[]; readonly write: () => Promise<void> },
  ): Promise<void> {
    const total = plan.statements.length;
    const relax = relaxed ? this.options.driver.relaxedCommit?.begin : undefined;
    if (run.batch) {
      const plain = (sql: string): SqlStatement => ({ sql, parameters: [] });
      for (const statement of plan.statements) this.statementEvent(migration, statement, total);
      let batched = true;
      try {
        await run.batch([
          plain("BEGIN"),
          ...(relax ? [plain(relax)] : []),
          ...plan.statements.map((statement) => plain(statement.sql)),
        ]);
      } catch {
        batched = false;
        await run.rollback().catch(() => undefined);
      }
      if (batched) {
        await run.batch([...history.statements(), plain("COMMIT")]);
        return;
      }
    }
    await run.begin();
    if (relax) await run.execute(relax);
    for (const statement of plan.statements) await this.execute(run, migration, script, statement, total);
    await history.write();
    await run.commit();
  }

  /** Statement by statement from `from`, the history row brought up to date after each. */
  private async runStatements(
    run: Target,
    migration: Migration,
    script: MigrationScript,
    plan: ExecutionPlan,
    from: number,
    started: number,
    direction: Direction,
  ): Promise<MigrationResult> {
    const total = plan.statements.length;
    for (const statement of plan.statements.slice(from)) {
      try {
        await this.execute(run, migration, script, statement, total);
      } catch (error) {
        const failure = this.failure(
          migration.id,
          direction,
          started,
          statement.index - from,
          total,
          false,
          error,
          statement,
          script,
        );
        await run.update(migration.id, {
          statementsDone: statement.index,
          error: failure.error?.message ?? "failed",
        });
        return { ...failure, ...(from > 0 && { resumedFrom: from }) };
      }
      await run.update(migration.id, { statementsDone: statement.index + 1 });
    }
    if (direction === "down") await run.delete(migration.id);
    else {
      // A failed statement is often fixed in the file itself: the row takes the script as it now stands,
      // which is what the database has (the statements before the failed one are the same, as the
      // resume relied on), so that the fix does not read as an edit of an applied migration.
      await run.update(migration.id, {
        checksum: this.options.checksum(migration),
        script: migration.up.text,
        state: "applied",
        statementsDone: total,
        durationMs: this.now() - started,
        appliedAt: new Date(this.now()),
        clearError: true,
      });
    }
    return {
      ...this.result(
        migration.id,
        direction,
        direction === "up" ? "applied" : "reverted",
        started,
        total - from,
        total,
        false,
      ),
      ...(from > 0 && { resumedFrom: from }),
    };
  }

  private async execute(
    run: Target,
    migration: Migration,
    script: MigrationScript,
    statement: ExecutableStatement,
    total: number,
  ): Promise<void> {
    this.statementEvent(migration, statement, total);
    try {
      await run.execute(statement.sql);
    } catch (error) {
      throw new StatementError(error, statement, script);
    }
  }

  private statementEvent(migration: Migration, statement: ExecutableStatement, total: number): void {
    this.event({ kind: "statement", id: migration.id, index: statement.index, total, line: statement.line });
  }

  /**
   * Rows a dead runner left mid-migration (applying or reverting, no error): find out whether the statement
   * it was running took effect, and record the answer, so that the run resumes at the right statement. What
   * cannot be told is marked as failed, for the user to settle with `repair`.
   */
  private async recover(rows: HistoryRow[]): Promise<HistoryRow[]> {
    const recovered: HistoryRow[] = [];
    for (const row of rows) {
      if (row.state === "applied" || row.error !== undefined) {
        recovered.push(row);
        continue;
      }
      const migration = this.options.migrations.find((candidate) => candidate.id === row.id);
      const script = row.state === "reverting" ? migration?.down : migration?.up;
      const statement = script ? this.options.plan(script).statements[row.statementsDone] : undefined;
      if (!statement) {
        recovered.push(row);
        continue;
      }
      const effect = await statementEffect(statement, this.options.driver.probe);
      let update: HistoryUpdate;
      let outcome: string;
      if (effect.kind === "applied") {
        update = { statementsDone: row.statementsDone + 1 };
        outcome = "took effect";
      } else if (effect.kind === "not-applied") {
        update = {};
        outcome = "did not take effect";
      } else if (effect.kind === "invalid-index") {
        const name = effect.schema
          ? `${this.options.driver.quoteIdentifier(effect.schema)}.${this.options.driver.quoteIdentifier(effect.name)}`
          : this.options.driver.quoteIdentifier(effect.name);
        await this.options.driver.execute(`DROP INDEX IF EXISTS ${name}`);
        update = {};
        outcome = "left an invalid index, dropped to build it again";
      } else {
        update = {
          error: `The run stopped during statement ${row.statementsDone + 1} (line ${statement.line}) and the schema does not show whether it took effect: ${effect.why}.`,
          needsRepair: true,
        };
        outcome = "cannot be told";
      }
      if (Object.keys(update).length > 0) await this.options.history.update(row.id, update);
      this.event({ kind: "recovered", id: row.id, statement: row.statementsDone, outcome });
      recovered.push({ ...row, ...update } as HistoryRow);
    }
    return recovered;
  }

  private result(
    id: string,
    direction: Direction,
    status: MigrationResult["status"],
    started: number,
    run: number,
    total: number,
    transaction: boolean,
  ): MigrationResult {
    return {
      id,
      direction,
      status,
      durationMs: this.now() - started,
      statementsRun: run,
      statementsTotal: total,
      transaction,
    };
  }

  private failure(
    id: string,
    direction: Direction,
    started: number,
    run: number,
    total: number,
    transaction: boolean,
    error: unknown,
    statement?: ExecutableStatement,
    script?: MigrationScript,
  ): MigrationResult {
    const cause = error instanceof StatementError ? error : undefined;
    const at = cause?.statement ?? statement;
    const file = cause?.script.path ?? script?.path ?? "";
    const info = this.options.driver.describeError(cause?.cause ?? error);
    if (!info && !cause) throw error;
    return {
      ...this.result(id, direction, "failed", started, run, total, transaction),
      error: {
        message:
          info?.message ?? (cause?.cause instanceof Error ? cause.cause.message : String(cause?.cause)),
        ...(info?.code !== undefined && { code: info.code }),
        statement: at?.index ?? 0,
        file,
        line: at?.line ?? 1,
        sql: at?.sql ?? "",
      },
    };
  }

  private event(event: MigrateEvent): void {
    this.options.onEvent?.(event);
  }
}

/** A statement's failure, carrying which statement it was. */
class StatementError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly statement: ExecutableStatement,
    readonly script: MigrationScript,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Which commits of a run may return before the disk has them (the driver's relaxedCommit): every
 * migration's but the last one the run means to make, whose commit waits for the disk and so flushes the
 * earlier ones. A run that stops early flushes them itself. A server crash in between loses migrations
 * together with their history rows, so the history never says a migration is applied that is not: the
 * next run applies them again. Where most of a migration's time is the wait for the disk (small DDL on an
 * empty database), this is most of a run's time.
 */
class CommitDurability {
  private unflushed = false;

  constructor(private readonly relaxedCommit: DatabaseDriver["relaxedCommit"]) {}

  relaxes(index: number, count: number): boolean {
    return this.relaxedCommit !== undefined && index < count - 1;
  }

  /**
   * After each migration. One that went through committed relaxed, or waited for the disk (its own commit,
   * or the history writes after each statement of one run outside a transaction), which flushed the
   * earlier ones too. One that failed in its transaction wrote nothing.
   */
  committed(result: MigrationResult, relaxed: boolean): void {
    if (result.status === "failed" || result.status === "not-run") return;
    this.unflushed = relaxed && result.transaction;
  }

  async flush(run: Target): Promise<void> {
    if (this.unflushed && this.relaxedCommit) await run.execute(this.relaxedCommit.flush);
    this.unflushed = false;
  }
}

function nextRank(status: MigrationStatus): number {
  return status.applied.reduce((max, entry) => Math.max(max, entry.row.installedRank), 0) + 1;
}

function notRun(id: string, direction: Direction): MigrationResult {
  return {
    id,
    direction,
    status: "not-run",
    durationMs: 0,
    statementsRun: 0,
    statementsTotal: 0,
    transaction: false,
  };
}
