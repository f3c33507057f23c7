/**
 * The history table: one row per migration the database has (applied, or part-applied and marked), written
 * in the same transaction as the migration where the engine allows it. Its name and schema belong to the
 * team (`schematic_history` by default). Every statement is built here as SQL with parameters, so that the
 * runner executes it and `--dry-run` prints it, from one source.
 */
import type { DatabaseDriver, Row } from "./driver.js";

/** Where a migration stands in this database. */
export type HistoryState =
  /** Applied whole. */
  | "applied"
  /**
   * Being applied statement by statement (no DDL transaction), `statementsDone` of them so far. With an
   * `error`, a statement failed: the migration is dirty until `up` resumes it or `repair` settles it.
   * Without one, the runner died mid-way: the next run finds out whether the statement it was running took
   * effect (recovery.ts) and goes on.
   */
  | "applying"
  /** Being undone statement by statement (`statementsDone` of the down script's); dirty as above. */
  | "reverting";

export type HistoryKind =
  /** Applied by Schematic. */
  | "migration"
  /** A Flyway repeatable (R__), applied again whenever its checksum changes. */
  | "repeatable"
  /** Recorded without running: `stamp`, `baseline`, or adopted from another tool's history. */
  | "baseline";

export interface HistoryRow {
  readonly id: string;
  readonly version?: string;
  readonly description: string;
  readonly kind: HistoryKind;
  /** migrationChecksum() of the up script as applied: comments and whitespace do not change it. */
  readonly checksum: string;
  readonly state: HistoryState;
  /** Statements known applied, in order; all of them when applied. */
  readonly statementsDone: number;
  readonly statementsTotal: number;
  /** The database's error, when a statement failed (or why the run stopped). */
  readonly error?: string;
  /**
   * The run cannot go on by itself: a runner died during a statement whose effect the schema does not show.
   * `repair` settles it (--applied, --reverted, --resume-at N).
   */
  readonly needsRepair?: boolean;
  /**
   * The up script as applied (placeholders as written): `verify` shows what changed since, and `repair`
   * replays both to tell a cosmetic edit from one that changes the schema.
   */
  readonly script?: string;
  /** Order of application (1, 2, …): `down` undoes the latest first. */
  readonly installedRank: number;
  readonly appliedAt: Date;
  readonly durationMs: number;
  /** Who ran it: the database user and the machine. */
  readonly appliedBy: string;
  /** Applied although the check blocked it (`--force --reason`): the reason and the rules it overrode. */
  readonly forcedReason?: string;
  readonly forcedRules?: readonly string[];
  readonly toolVersion: string;
}

export interface HistoryLocation {
  /** Schema (PostgreSQL) or database (MySQL) of the table; the session's current one when absent. */
  readonly schema?: string;
  readonly table: string;
}

export const DEFAULT_HISTORY_TABLE = "schematic_history";

/** A statement with its parameters, in the driver's parameter style. */
export interface SqlStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** The columns, in the order of every INSERT. */
const COLUMNS = [
  "id",
  "version",
  "description",
  "kind",
  "checksum",
  "state",
  "statements_done",
  "statements_total",
  "error",
  "needs_repair",
  "script",
  "installed_rank",
  "applied_at",
  "duration_ms",
  "applied_by",
  "forced_reason",
  "forced_rules",
  "tool_version",
] as const;

type ColumnName = (typeof COLUMNS)[number];

/** What can change on a row after it is written. */
export type HistoryUpdate = Partial<
  Pick<
    HistoryRow,
    | "checksum"
    | "script"
    | "state"
    | "statementsDone"
    | "error"
    | "needsRepair"
    | "durationMs"
    | "appliedAt"
    | "forcedReason"
    | "forcedRules"
  >
> & { readonly clearError?: boolean };

/** The SQL of the history table, for one engine and one table. */
export class HistorySql {
  private where: HistoryLocation;

  constructor(
    private readonly driver: Pick<DatabaseDriver, "quoteIdentifier" | "capabilities" | "dialect">,
    location: HistoryLocation,
  ) {
    this.where = location;
  }

  get location(): HistoryLocation {
    return this.where;
  }

  get qualifiedTable(): string {
    const quote = (name: string) => this.driver.quoteIdentifier(name);
    const { schema, table } = this.where;
    return schema ? `${quote(schema)}.${quote(table)}` : quote(table);
  }

  /**
   * Names the schema of a table configured without one: the session's current schema when the run starts.
   * A migration may move the session elsewhere (MySQL's USE, pg_dump's set_config('search_path', '')), and
   * the history rows written after its statements must still land in the table the run began with.
   */
  pinSchema(schema: string): void {
    if (this.where.schema === undefined && schema !== "") this.where = { ...this.where, schema };
  }

  private placeholder(index: number): string {
    return this.driver.capabilities.parameterStyle === "dollar" ? `$${index}` : "?";
  }

  /** CREATE TABLE IF NOT EXISTS, in the engine's types (UTC timestamps with milliseconds). */
  createTable(): SqlStatement {
    const text = "text";
    const key = this.driver.dialect === "postgres" ? "text" : "varchar(255)";
    const timestamp = this.driver.dialect === "postgres" ? "timestamptz(3)" : "datetime(3)";
    const q = (name: ColumnName) => this.driver.quoteIdentifier(name);
    const columns = [
      `${q("id")} ${key} NOT NULL PRIMARY KEY`,
      `${q("version")} ${key}`,
      `${q("description")} ${text} NOT NULL`,
      `${q("kind")} varchar(20) NOT NULL`,
      `${q("checksum")} varchar(64) NOT NULL`,
      `${q("state")} varchar(20) NOT NULL`,
      `${q("statements_done")} integer NOT NULL`,
      `${q("statements_total")} integer NOT NULL`,
      `${q("error")} ${text}`,
      `${q("needs_repair")} boolean NOT NULL DEFAULT false`,
      `${q("script")} ${this.driver.dialect === "postgres" ? "text" : "longtext"}`,
      `${q("installed_rank")} integer NOT NULL`,
      `${q("applied_at")} ${timestamp} NOT NULL`,
      `${q("duration_ms")} bigint NOT NULL`,
      `${q("applied_by")} ${key} NOT NULL`,
      `${q("forced_reason")} ${text}`,
      `${q("forced_rules")} ${text}`,
      `${q("tool_version")} varchar(50) NOT NULL`,
    ];
    return {
      sql: `CREATE TABLE IF NOT EXISTS ${this.qualifiedTable} (\n  ${columns.join(",\n  ")}\n)`,
      parameters: [],
    };
  }

  selectAll(): SqlStatement {
    const columns = COLUMNS.map((name) => this.driver.quoteIdentifier(name)).join(", ");
    return {
      sql: `SELECT ${columns} FROM ${this.qualifiedTable} ORDER BY ${this.driver.quoteIdentifier("installed_rank")}`,
      parameters: [],
    };
  }

  insert(row: HistoryRow): SqlStatement {
    const values = insertValues(row);
    const columns = COLUMNS.map((name) => this.driver.quoteIdentifier(name)).join(", ");
    const placeholders = COLUMNS.map((_, i) => this.placeholder(i + 1)).join(", ");
    return {
      sql: `INSERT INTO ${this.qualifiedTable} (${columns}) VALUES (${placeholders})`,
      parameters: COLUMNS.map((name) => values[name]),
    };
  }

  update(id: string, update: HistoryUpdate): SqlStatement {
    const values = updateValues(update);
    const assignments: string[] = [];
    const parameters: unknown[] = [];
    for (const name of COLUMNS) {
      if (!(name in values)) continue;
      parameters.push(values[name]);
      assignments.push(`${this.driver.quoteIdentifier(name)} = ${this.placeholder(parameters.length)}`);
    }
    if (update.clearError) assignments.push(`${this.driver.quoteIdentifier("error")} = NULL`);
    parameters.push(id);
    return {
      sql: `UPDATE ${this.qualifiedTable} SET ${assignments.join(", ")} WHERE ${this.driver.quoteIdentifier("id")} = ${this.placeholder(parameters.length)}`,
      parameters,
    };
  }

  delete(id: string): SqlStatement {
    return {
      sql: `DELETE FROM ${this.qualifiedTable} WHERE ${this.driver.quoteIdentifier("id")} = ${this.placeholder(1)}`,
      parameters: [id],
    };
  }
}

/** Every column of a new row; what the row leaves out is NULL. */
function insertValues(row: HistoryRow): Record<ColumnName, unknown> {
  return {
    id: row.id,
    version: row.version ?? null,
    description: row.description,
    kind: row.kind,
    checksum: row.checksum,
    state: row.state,
    statements_done: row.statementsDone,
    statements_total: row.statementsTotal,
    error: row.error ?? null,
    needs_repair: row.needsRepair ?? false,
    script: row.script ?? null,
    installed_rank: row.installedRank,
    applied_at: row.appliedAt,
    duration_ms: row.durationMs,
    applied_by: row.appliedBy,
    forced_reason: row.forcedReason ?? null,
    forced_rules: row.forcedRules?.join(",") ?? null,
    tool_version: row.toolVersion,
  };
}

/** The columns an update sets, and only those. */
function updateValues(update: HistoryUpdate): Partial<Record<ColumnName, unknown>> {
  const values: Partial<Record<ColumnName, unknown>> = {
    checksum: update.checksum,
    script: update.script,
    state: update.state,
    statements_done: update.statementsDone,
    error: update.error,
    needs_repair: update.needsRepair,
    applied_at: update.appliedAt,
    duration_ms: update.durationMs,
    forced_reason: update.forcedReason,
    forced_rules: update.forcedRules?.join(","),
  };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** A row as the database returned it (types vary by driver: numbers as strings, dates as strings). */
export function rowFromDatabase(row: Row): HistoryRow {
  const text = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
  const number = (value: unknown) => Number(value ?? 0);
  const forcedRules = text(row.forced_rules);
  const version = text(row.version);
  const error = text(row.error);
  const script = text(row.script);
  const forcedReason = text(row.forced_reason);
  return {
    id: String(row.id),
    ...(version !== undefined && { version }),
    description: String(row.description ?? ""),
    kind: String(row.kind) as HistoryKind,
    checksum: String(row.checksum),
    state: String(row.state) as HistoryState,
    statementsDone: number(row.statements_done),
    statementsTotal: number(row.statements_total),
    ...(error !== undefined && { error }),
    ...((row.needs_repair === true || row.needs_repair === 1 || row.needs_repair === "1") && {
      needsRepair: true,
    }),
    ...(script !== undefined && { script }),
    installedRank: number(row.installed_rank),
    appliedAt: row.applied_at instanceof Date ? row.applied_at : new Date(String(row.applied_at)),
    durationMs: number(row.duration_ms),
    appliedBy: String(row.applied_by ?? ""),
    ...(forcedReason !== undefined && { forcedReason }),
    ...(forcedRules !== undefined && forcedRules !== "" && { forcedRules: forcedRules.split(",") }),
    toolVersion: String(row.tool_version ?? ""),
  };
}

/**
 * Where rows are kept: the database's history table, or memory (unit tests of the runner). The runner calls
 * these in order and inside its transaction where the engine has them, so a migration and its row commit
 * or roll back together.
 */
export interface HistoryStore {
  /** The history table exists (created when missing). */
  ensure(): Promise<void>;
  /** Every row, in order of application; none when the table does not exist yet. */
  read(): Promise<HistoryRow[]>;
  insert(row: HistoryRow): Promise<void>;
  update(id: string, update: HistoryUpdate): Promise<void>;
  delete(id: string): Promise<void>;
}

/** The history in the database, through the driver. */
export class SqlHistoryStore implements HistoryStore {
  readonly sql: HistorySql;

  constructor(
    private readonly driver: DatabaseDriver,
    location: HistoryLocation,
    /** Tells whether the table exists without creating it (a read-only status or check --url). */
    private readonly exists: () => Promise<boolean>,
  ) {
    this.sql = new HistorySql(driver, location);
  }

  async ensure(): Promise<void> {
    await this.driver.execute(this.sql.createTable().sql);
  }

  async read(): Promise<HistoryRow[]> {
    if (!(await this.exists())) return [];
    const statement = this.sql.selectAll();
    return (await this.driver.query(statement.sql, statement.parameters)).map(rowFromDatabase);
  }

  async insert(row: HistoryRow): Promise<void> {
    const statement = this.sql.insert(row);
    await this.driver.query(statement.sql, statement.parameters);
  }

  async update(id: string, update: HistoryUpdate): Promise<void> {
    const statement = this.sql.update(id, update);
    await this.driver.query(statement.sql, statement.parameters);
  }

  async delete(id: string): Promise<void> {
    const statement = this.sql.delete(id);
    await this.driver.query(statement.sql, statement.parameters);
  }
}

/** The in-memory twin, for the runner's unit tests. */
export class MemoryHistoryStore implements HistoryStore {
  readonly rows = new Map<string, HistoryRow>();
  created = false;

  async ensure(): Promise<void> {
    this.created = true;
  }

  async read(): Promise<HistoryRow[]> {
    return [...this.rows.values()].sort((a, b) => a.installedRank - b.installedRank);
  }

  async insert(row: HistoryRow): Promise<void> {
    if (this.rows.has(row.id)) throw new Error(`duplicate history row ${row.id}`);
    this.rows.set(row.id, row);
  }

  async update(id: string, update: HistoryUpdate): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return;
    const { clearError, ...fields } = update;
    const next: Record<string, unknown> = { ...row };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) next[key] = value;
    if (clearError) delete next.error;
    this.rows.set(id, next as unknown as HistoryRow);
  }

  async delete(id: string): Promise<void> {
    this.rows.delete(id);
  }
}
