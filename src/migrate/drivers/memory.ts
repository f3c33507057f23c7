/**
 * The driver's in-memory twin, for the runner's unit tests: it records what it is asked to run, fails
 * where told to (as a database would, with a SQLSTATE), and answers the schema probe from a set the test
 * controls. Transactions are recorded, not simulated: the runner's own logic is what is under test.
 */
import { POSTGRES_IDENTIFIERS } from "../../dialects/identifiers.js";
import type { DatabaseDriver, SchemaProbe } from "../driver.js";

export interface MemoryDriver extends DatabaseDriver {
  /** Every statement run, with BEGIN/COMMIT/ROLLBACK, in order. */
  readonly executed: string[];
  /** Objects the probe reports as present: `schema.table`, `schema.table.column`, `index:name`. */
  readonly present: Set<string>;
  /** Statements matching this fail with a database error. */
  failOn?: RegExp;
}

export function createMemoryDriver(options: { readonly transactionalDdl?: boolean } = {}): MemoryDriver {
  const executed: string[] = [];
  const present = new Set<string>();
  const probe: SchemaProbe = {
    relationExists: async (schema, name) => present.has(`${schema ?? "public"}.${name}`),
    columnExists: async (schema, table, column) => present.has(`${schema ?? "public"}.${table}.${column}`),
    indexState: async (_schema, _table, name) => (present.has(`index:${name}`) ? "valid" : "absent"),
  };
  let locked = false;
  const driver: MemoryDriver = {
    executed,
    present,
    dialect: "postgres",
    capabilities: {
      transactionalDdl: options.transactionalDdl ?? true,
      lock: "advisory",
      asynchronousSchemaChange: false,
      parameterStyle: "dollar",
    },
    identifiers: POSTGRES_IDENTIFIERS,
    target: "memory",
    serverVersion: async () => "memory",
    currentSchema: async () => "public",
    execute: async (sql) => {
      if (driver.failOn?.test(sql)) {
        throw Object.assign(new Error(`failed: ${sql}`), { code: "42000" });
      }
      executed.push(sql);
    },
    query: async () => [],
    begin: async () => {
      executed.push("BEGIN");
    },
    commit: async () => {
      executed.push("COMMIT");
    },
    rollback: async () => {
      executed.push("ROLLBACK");
    },
    lock: async () => {
      if (locked) throw new Error("memory driver: the lock is already held");
      locked = true;
      return {
        description: "memory lock",
        release: async () => {
          locked = false;
        },
      };
    },
    lockSql: (name) => ({ acquire: `LOCK ${name}`, release: `UNLOCK ${name}` }),
    sessionSql: () => [],
    probe,
    quoteIdentifier: (name) => `"${name}"`,
    describeError: (error) =>
      error && typeof error === "object" && "code" in error
        ? {
            message: String((error as { message?: unknown }).message),
            code: String((error as { code: unknown }).code),
          }
        : undefined,
    close: async () => undefined,
  };
  return driver;
}
