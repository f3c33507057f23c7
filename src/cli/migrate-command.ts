/**
 * `schematic migrate <command>`: parses nothing itself (commander did), opens the project's database,
 * calls the runner, prints. Every output names the database (without its password). Exit codes: 0 done,
 * 1 refused by the check, a migration failed, or `verify` found a problem; 2 a usage, configuration or
 * connection error (a paragraph on stderr, from main).
 */

import path from "node:path";
import { loadConfig, type SchematicConfig } from "../config/config.js";
import { EXIT_BLOCKED, EXIT_OK, SchematicError } from "../errors.js";
import { type MigrationStatus, migrationsToApply } from "../migrate/plan.js";
import type { ProjectDatabase } from "../migrate/project-database.js";
import { openProjectDatabase } from "../migrate/project-database.js";
import type { Forced, Migrator, RunResult } from "../migrate/runner.js";
import { toDisplayPath } from "../migrations/loader.js";
import { redactSecrets } from "../redact.js";
import { databaseInput } from "./database-options.js";
import { type CliIo, useColor } from "./io.js";
import {
  dryRunText,
  failureText,
  historyJson,
  historyText,
  statusJson,
  statusText,
} from "./migrate-format.js";
import { createProgress, type Progress } from "./migrate-progress.js";
import { VERSION } from "./version.js";

export type MigrateCommandName =
  | "up"
  | "down"
  | "redo"
  | "status"
  | "history"
  | "current"
  | "stamp"
  | "verify"
  | "repair"
  | "new"
  | "baseline";

export interface MigrateOptions {
  readonly config?: string;
  readonly env?: string;
  readonly url?: string;
  readonly dialect?: string;
  readonly migrations?: string;
  readonly format: string;
  readonly dryRun?: boolean;
  readonly outOfOrder?: boolean;
  readonly to?: string;
  readonly step?: number;
  readonly force?: boolean;
  readonly reason?: string;
  readonly lockTimeout?: number;
  readonly color?: boolean;
  /** repair: how the user fixed the database, or that an edit is accepted. */
  readonly applied?: boolean;
  readonly reverted?: boolean;
  readonly resumeAt?: number;
  readonly acceptEdit?: boolean;
}

/** The run lock's wait, when --lock-timeout does not say: long enough for another deploy's migrations. */
const DEFAULT_LOCK_WAIT_S = 300;

type Format = "text" | "json";

function formatOf(options: MigrateOptions): Format {
  if (options.format !== "text" && options.format !== "json") {
    throw new SchematicError("usage", `Unknown --format ${options.format}.`, { hint: "Use text or json." });
  }
  return options.format;
}

function validate(command: MigrateCommandName, options: MigrateOptions): void {
  if (options.force && !options.reason?.trim()) {
    throw new SchematicError("usage", "--force needs --reason.", {
      hint: 'Say why the check\'s findings are accepted: --force --reason "backfilled by hand on 2026-12-01"; the history keeps it with the rules overridden.',
    });
  }
  if (options.to !== undefined && options.step !== undefined) {
    throw new SchematicError("usage", "Give --to or --step, not both.", {
      hint: `\`schematic migrate ${command} --to REV\` goes to a revision; --step N moves N migrations.`,
    });
  }
}

export async function migrateCommand(
  command: MigrateCommandName,
  argument: string | undefined,
  options: MigrateOptions,
  io: CliIo,
): Promise<number> {
  const format = formatOf(options);
  validate(command, options);
  const { config } = loadConfig(options.config, io.cwd, io.env);
  if (command === "new") return newMigration(argument, options, config, format, io);
  const project = await openProjectDatabase({
    cwd: io.cwd,
    env: io.env,
    config,
    ...databaseInput(options),
    onNotice: (message) => io.stderr.write(redactSecrets(`schematic: ${message}\n`)),
    onWait: (holder) =>
      io.stderr.write(redactSecrets(`schematic: waiting for the embedded database, held by ${holder}\n`)),
    lockWaitMs: (options.lockTimeout ?? DEFAULT_LOCK_WAIT_S) * 1000,
  });
  const run = new MigrateRun(project, config, options, format, io);
  try {
    return await run.command(command, argument);
  } finally {
    run.progress?.stop();
    await project.close();
  }
}

class MigrateRun {
  progress: Progress | undefined;

  constructor(
    private readonly project: ProjectDatabase,
    private readonly config: SchematicConfig,
    private readonly options: MigrateOptions,
    private readonly format: Format,
    private readonly io: CliIo,
  ) {}

  private get header() {
    return { database: this.project.target };
  }

  private out(text: string): void {
    this.io.stdout.write(redactSecrets(text));
  }

  private json(value: object): void {
    this.out(`${JSON.stringify(value)}\n`);
  }

  async command(command: MigrateCommandName, argument: string | undefined): Promise<number> {
    switch (command) {
      case "status":
        return this.status();
      case "history":
        return this.history();
      case "current":
        return this.current();
      case "verify":
        return this.verify();
      case "up":
        return this.up();
      case "down":
        return this.changing("down", (migrator, dryRun) =>
          migrator.down({
            ...(this.options.to !== undefined && { to: this.options.to }),
            ...(this.options.step !== undefined && { step: this.options.step }),
            dryRun,
          }),
        );
      case "redo":
        return this.changing("redo", (migrator, dryRun) => migrator.redo({ dryRun }));
      case "stamp":
        if (argument === undefined)
          throw new SchematicError("usage", "stamp needs a revision.", {
            hint: "`schematic migrate stamp REV` records the database as being at REV (`base`: nothing applied).",
          });
        return this.changing("stamp", (migrator, dryRun) => migrator.stamp(argument, { dryRun }));
      case "repair":
        return this.repair(argument);
      case "baseline":
        return this.baseline();
      case "new":
        throw new Error("new runs without a database");
    }
  }

  private async status(): Promise<number> {
    const status = await this.project.status();
    if (this.format === "json") this.out(`${JSON.stringify(statusJson(status, this.header), null, 2)}\n`);
    else this.out(statusText(status, this.header));
    return EXIT_OK;
  }

  private async history(): Promise<number> {
    const rows = (await this.project.status()).applied.map((entry) => entry.row);
    if (this.format === "json") this.out(`${JSON.stringify(historyJson(rows, this.header), null, 2)}\n`);
    else this.out(historyText(rows, this.header));
    return EXIT_OK;
  }

  private async current(): Promise<number> {
    const status = await this.project.status();
    if (this.format === "json") this.json({ database: this.header.database, current: status.current });
    else {
      // The revision alone on stdout, for scripts (`$(schematic migrate current)`); the database on stderr.
      this.io.stderr.write(redactSecrets(`schematic: database ${this.header.database}\n`));
      this.out(`${status.current ?? "base"}\n`);
    }
    return EXIT_OK;
  }

  /**
   * Edited (applied, then changed beyond comments and whitespace), missing (applied, file gone) and unknown
   * (a file the history does not have that sorts before the latest applied one: a branch merged late).
   */
  private async verify(): Promise<number> {
    const status = await this.project.status();
    const edited = status.edited.map((entry) => ({ id: entry.migration.id, file: entry.migration.up.path }));
    const missing = status.missing.map((row) => ({ id: row.id }));
    const unknown = status.outOfOrder.map((migration) => ({ id: migration.id, file: migration.up.path }));
    const ok = edited.length + missing.length + unknown.length === 0 && !status.dirty;
    if (this.format === "json") {
      this.out(
        `${JSON.stringify({ database: this.header.database, ok, edited, missing, unknown, dirty: status.dirty?.id ?? null }, null, 2)}\n`,
      );
    } else {
      const lines = [`Database: ${this.header.database}`];
      for (const entry of edited)
        lines.push(`edited   ${entry.id} (${entry.file}): its statements changed since it was applied`);
      for (const entry of missing)
        lines.push(`missing  ${entry.id}: applied, but its file is not in the folder`);
      for (const entry of unknown)
        lines.push(`unknown  ${entry.id} (${entry.file}): not applied, but sorts before ${status.current}`);
      if (status.dirty) lines.push(`dirty    ${status.dirty.id}: stopped part-way (${status.dirty.state})`);
      lines.push(
        ok
          ? `✔ ${status.applied.length} applied migrations match their files.`
          : "✖ The history and the folder disagree: see `schematic migrate repair --help`.",
      );
      this.out(`${lines.join("\n")}\n`);
    }
    return ok ? EXIT_OK : EXIT_BLOCKED;
  }

  /** The full migrator: with the dialect's parser, which cuts scripts into statements. */
  private async migrator(progress: Progress, direction?: "up" | "down"): Promise<Migrator> {
    const { project } = this;
    const [{ createDialect }, { createMigrator }, { runnerIdentity }, { buildRunHooks }] = await Promise.all([
      import("../dialects/index.js"),
      import("../migrate/migrator.js"),
      import("../migrate/drivers/postgres.js"),
      import("../migrate/hooks.js"),
    ]);
    const { choice } = project;
    const environment = choice.environment;
    const hooks = buildRunHooks(environment?.hooks, {
      driver: project.driver,
      environment: environment?.name ?? "",
      database: choice.kind === "url" ? choice.url : project.target,
      ...(direction && { direction }),
      output: (line) => this.io.stderr.write(redactSecrets(`${line}\n`)),
      cwd: this.config.baseDirectory ?? this.io.cwd,
      env: this.io.env,
    });
    const dialect = await createDialect(project.dialect, {
      ...(project.settings.lowerCaseTableNames !== undefined && {
        lowerCaseTableNames: project.settings.lowerCaseTableNames,
      }),
    });
    return createMigrator({
      dialect,
      driver: project.driver,
      migrations: project.migrations,
      placeholders: project.settings.placeholders,
      placeholderSyntax: project.settings.placeholderSyntax,
      history: project.history,
      lockTimeoutMs: (this.options.lockTimeout ?? DEFAULT_LOCK_WAIT_S) * 1000,
      session: project.session,
      appliedBy: runnerIdentity(),
      toolVersion: VERSION,
      onEvent: progress.onEvent,
      ...(hooks && { hooks }),
      ...(this.options.outOfOrder && { outOfOrder: true }),
    });
  }

  private startProgress(): Progress {
    this.progress = createProgress(this.io, {
      format: this.format,
      dryRun: this.options.dryRun ?? false,
      idWidth: Math.max(0, ...this.project.migrations.map((migration) => migration.id.length)),
    });
    return this.progress;
  }

  /** A command that changes the database (or, with --dry-run, prints what it would run). */
  private async changing(
    command: string,
    body: (migrator: Migrator, dryRun: boolean) => Promise<RunResult>,
    forced?: Forced,
  ): Promise<number> {
    const progress = this.startProgress();
    const dryRun = this.options.dryRun ?? false;
    progress.event({ event: "start", command, database: this.header.database, dry_run: dryRun });
    if (this.format === "text" && !dryRun) progress.line(`Database: ${this.header.database}`);
    const migrator = await this.migrator(
      progress,
      command === "up" || command === "down" ? command : undefined,
    );
    const result = await body(migrator, dryRun);
    progress.stop();
    return this.finish(command, result, forced);
  }

  private async finish(command: string, result: RunResult, forced?: Forced): Promise<number> {
    const dryRun = this.options.dryRun ?? false;
    const failed = result.results.find((entry) => entry.status === "failed");
    if (dryRun) {
      if (this.format === "json")
        this.json({
          event: "result",
          command,
          database: this.header.database,
          dry_run: true,
          ok: true,
          sql: result.sql ?? [],
        });
      else this.out(dryRunText(result, this.header));
      return EXIT_OK;
    }
    const status = await this.project.status();
    const counts = {
      applied: result.results.filter((entry) => entry.status === "applied").length,
      reverted: result.results.filter((entry) => entry.status === "reverted").length,
      failed: failed ? 1 : 0,
      not_run: result.results.filter((entry) => entry.status === "not-run").length,
    };
    if (this.format === "json") {
      this.json({
        event: "result",
        command,
        database: this.header.database,
        ok: result.ok,
        current: status.current,
        ...counts,
        ...(forced && { forced_reason: forced.reason, forced_rules: forced.rules }),
      });
    } else {
      const done = [
        counts.applied > 0 && `${counts.applied} applied`,
        counts.reverted > 0 && `${counts.reverted} reverted`,
        counts.not_run > 0 && `${counts.not_run} not run`,
      ].filter(Boolean);
      const summary =
        result.results.length === 0 && command !== "stamp" && command !== "repair"
          ? `Nothing to ${command === "down" ? "undo" : "do"}`
          : done.length > 0
            ? done.join(", ")
            : "Done";
      this.out(
        `${failed ? "✖" : "✔"} ${summary}; ${this.header.database} is at ${status.current ?? "base (nothing applied)"}.\n`,
      );
    }
    if (failed) {
      this.io.stderr.write(redactSecrets(failureText(failed, failed.transaction)));
      return EXIT_BLOCKED;
    }
    return EXIT_OK;
  }

  private async up(): Promise<number> {
    const status = await this.project.status();
    const target = {
      ...(this.options.to !== undefined && { to: this.options.to }),
      ...(this.options.step !== undefined && { step: this.options.step }),
    };
    const toApply = migrationsToApply(status, this.project.migrations, target);
    // Edited, missing or (unless allowed) late migrations: the runner refuses before anything runs, so the
    // check would be wasted on them.
    const clean =
      status.edited.length === 0 &&
      status.missing.length === 0 &&
      (status.outOfOrder.length === 0 || this.options.outOfOrder === true);
    if (toApply.length === 0 && !status.dirty && clean) return this.nothingToApply(status);
    let forced: Forced | undefined;
    if (clean && toApply.length > 0) {
      const gate = await this.gate(status, toApply);
      if (gate === "blocked") return EXIT_BLOCKED;
      forced = gate;
    }
    return this.changing(
      "up",
      (migrator, dryRun) => migrator.up({ ...target, dryRun, ...(forced && { force: forced }) }),
      forced,
    );
  }

  private nothingToApply(status: MigrationStatus): number {
    if (this.format === "json") {
      this.json({
        event: "start",
        command: "up",
        database: this.header.database,
        dry_run: this.options.dryRun ?? false,
      });
      this.json({
        event: "result",
        command: "up",
        database: this.header.database,
        ok: true,
        current: status.current,
        applied: 0,
        reverted: 0,
        failed: 0,
        not_run: 0,
      });
    } else
      this.out(
        `✔ Nothing to apply; ${this.header.database} is at ${status.current ?? "base (no migrations)"}.\n`,
      );
    return EXIT_OK;
  }

  /**
   * The check on what is about to be applied. Blocked: the findings as `check` prints them, a paragraph on
   * how through, and "blocked"; forced: what the history will keep; passed: undefined.
   */
  private async gate(
    status: MigrationStatus,
    toApply: readonly import("../migrations/loader.js").Migration[],
  ): Promise<Forced | "blocked" | undefined> {
    const { gateCheck } = await import("../migrate/gate.js");
    const { project, io } = this;
    const gate = await gateCheck({
      cwd: io.cwd,
      env: io.env,
      config: this.config,
      settings: project.settings,
      dialect: project.dialect,
      toApply,
      migrations: project.migrations,
    });
    if (!gate.check.blocked) return undefined;
    const rules = gate.blockingRules;
    if (this.options.force) {
      io.stderr.write(
        redactSecrets(
          `schematic: the check blocks ${toApply.length === 1 ? "this migration" : "these migrations"} (${rules.join(", ") || "too many warnings"}); applying anyway as --force says, the history keeps the reason: ${this.options.reason}\n`,
        ),
      );
      return { reason: this.options.reason!.trim(), rules };
    }
    if (this.format === "json") this.out((await import("../report/json.js")).formatJson(gate.check));
    else {
      const { formatText } = await import("../report/text.js");
      this.out(formatText(gate.check, { color: useColor(io, this.options.color) }));
    }
    io.stderr.write(
      redactSecrets(
        `${refusal(
          status,
          gate.reviewed.map((migration) => migration.id),
          rules,
          project.target,
        )}\n`,
      ),
    );
    return "blocked";
  }

  /** Adopts a database another tool (or a person) migrated: stamps the revision it is at, and says why. */
  private async baseline(): Promise<number> {
    const { project } = this;
    const [{ baseline }, { createDialect }] = await Promise.all([
      import("../migrate/adopt.js"),
      import("../dialects/index.js"),
    ]);
    const dialect = await createDialect(project.dialect, {
      ...(project.settings.lowerCaseTableNames !== undefined && {
        lowerCaseTableNames: project.settings.lowerCaseTableNames,
      }),
    });
    let explanation: readonly string[] = [];
    let revision = "base";
    const code = await this.changing("baseline", async (migrator, dryRun) => {
      const adopted = await baseline({
        driver: project.driver,
        dialect,
        migrations: project.migrations,
        migrator,
        dryRun,
        placeholders: project.settings.placeholders,
        placeholderSyntax: project.settings.placeholderSyntax,
        ...(project.settings.defaultSchema !== undefined && {
          defaultSchema: project.settings.defaultSchema,
        }),
        ...(project.session.schema !== undefined && { foreignSchema: project.session.schema }),
      });
      explanation = adopted.plan.explanation;
      revision = adopted.plan.revision;
      if (this.format === "text") for (const line of explanation) this.progress?.line(line);
      return adopted.result;
    });
    if (this.format === "json") this.json({ event: "baseline", revision, explanation });
    return code;
  }

  private async repair(argument: string | undefined): Promise<number> {
    const { applied, reverted, resumeAt, acceptEdit } = this.options;
    const chosen = [applied, reverted, resumeAt !== undefined, acceptEdit].filter(Boolean).length;
    if (chosen !== 1) {
      throw new SchematicError(
        "usage",
        "repair needs one of --applied, --reverted, --resume-at N or --accept-edit.",
        {
          hint: "Say how the database was fixed: --applied (the rest of the migration was applied by hand), --reverted (what it had done was undone), --resume-at N (run it again from statement N); or --accept-edit to accept an edited migration whose change is cosmetic.",
        },
      );
    }
    const status = await this.project.status();
    const id = argument ?? (acceptEdit ? soleEdited(status) : status.dirty?.id);
    if (id === undefined) {
      throw new SchematicError(
        "usage",
        acceptEdit ? "No applied migration is edited." : "No migration is dirty.",
        {
          hint: "`schematic migrate status` shows where the database stands; name the migration to repair if it is another.",
        },
      );
    }
    if (acceptEdit) {
      const { explainEdit } = await import("../migrate/edit-diff.js");
      const explained = await explainEdit(this.project, status, id);
      this.io.stderr.write(redactSecrets(explained.text));
      if (!explained.cosmetic) return EXIT_BLOCKED;
      return this.changing("repair", (migrator, dryRun) => migrator.acceptEdit(explained.id, { dryRun }));
    }
    const outcome = applied ? "applied" : reverted ? "reverted" : { resumeAt: resumeAt! };
    return this.changing("repair", (migrator, dryRun) => migrator.repair(id, outcome, { dryRun }));
  }
}

/** `new NAME`: the next file of the folder, written; no database is opened. */
async function newMigration(
  name: string | undefined,
  options: MigrateOptions,
  config: SchematicConfig,
  format: Format,
  io: CliIo,
): Promise<number> {
  if (!name?.trim()) {
    throw new SchematicError("usage", "new needs a name.", {
      hint: "`schematic migrate new add_trades_venue` writes the next migration file.",
    });
  }
  const [{ resolveSettings }, { writeNewMigration }, { chooseDatabase }, { dialectOfChoice }] =
    await Promise.all([
      import("../config/settings.js"),
      import("../migrate/new-migration.js"),
      import("../migrate/database-choice.js"),
      import("../migrate/open-database.js"),
    ]);
  const settings = resolveSettings({
    cwd: io.cwd,
    config,
    ...(options.dialect !== undefined && { dialect: options.dialect }),
    ...(options.migrations !== undefined && { migrations: options.migrations }),
  });
  // The dialect decides folder tags only; without one configured, the database's engine (not connected to).
  const dialect =
    settings.dialect ??
    dialectOfChoice(
      chooseDatabase(
        {
          ...(options.url !== undefined && { url: options.url }),
          ...(options.env !== undefined && { environment: options.env }),
        },
        config,
        io.env,
        io.cwd,
      ),
    );
  const folder = path.isAbsolute(settings.migrations)
    ? toDisplayPath(io.cwd, settings.migrations)
    : settings.migrations;
  const written = writeNewMigration(folder, name, { dialect, cwd: io.cwd });
  if (format === "json") io.stdout.write(`${JSON.stringify({ path: written.path, paths: written.paths })}\n`);
  else for (const file of written.paths) io.stdout.write(`Created ${file}\n`);
  return EXIT_OK;
}

function soleEdited(status: MigrationStatus): string | undefined {
  if (status.edited.length > 1) {
    throw new SchematicError("usage", `${status.edited.length} applied migrations are edited.`, {
      hint: `Name the one to accept: \`schematic migrate repair ${status.edited[0]!.migration.id} --accept-edit\`.`,
    });
  }
  return status.edited[0]?.migration.id;
}

/**
 * Why nothing was applied, and the ways through. A database with nothing applied receives the whole
 * history at once (CI, a new developer): its old findings are the team's past decisions, so the paragraph
 * names the configuration's baseline and suppressions too.
 */
export function refusal(
  status: MigrationStatus,
  reviewed: readonly string[],
  rules: readonly string[],
  database: string,
): string {
  const what = reviewed.length <= 3 ? reviewed.join(", ") : `${reviewed.length} of the migrations to apply`;
  const head = `schematic: migrate up refused: the check blocks ${what}${rules.length > 0 ? ` (${rules.join(", ")})` : ""}, so nothing was applied to ${database}.`;
  const force = '`--force --reason "…"` applies anyway and records the reason and the rules in the history.';
  if (status.applied.length === 0 && reviewed.length > 1) {
    return `${head} This database is new, so the whole history is under review with its old findings. Set \`baseline:\` in schematic.yml to the version of the first migration to review (earlier ones are replayed, not reviewed), suppress accepted findings with \`-- schematic-ignore <rule>\` comments, or ${force}`;
  }
  return `${head} Fix the findings above, or ${force}`;
}
