/**
 * The dialect registry: the one place that lists the databases Schematic reads, the names users write for
 * them, the dbt adapters that speak them, and how to load each. The CLI's choices, the configuration's
 * schema (test/config asserts it), messages, folder tags and `schematic rules` all read it.
 */
import { SchematicError } from "../errors.js";
import type { Dialect, DialectCapabilities, DialectName } from "./dialect.js";
import type { LowerCaseTableNames } from "./identifiers.js";

export type { Dialect, DialectName } from "./dialect.js";

export interface DialectOptions {
  /** MySQL's lower_case_table_names, which decides whether table names compare with case (default 0). */
  readonly lowerCaseTableNames?: LowerCaseTableNames;
}

export interface DialectEntry {
  /** Other names users write for it, accepted by --dialect, `dialect:` and migration folder tags. */
  readonly aliases: readonly string[];
  /** dbt `adapter_type`s whose warehouse speaks this SQL. */
  readonly adapters: readonly string[];
  /** The dialect with its parser; loaded on demand, so a MySQL user never pays for PostgreSQL's WASM. */
  readonly load: (options: DialectOptions) => Promise<Dialect>;
  /** Its capabilities (for `schematic rules`), without building the dialect. */
  readonly capabilities: () => Promise<DialectCapabilities>;
}

export const DIALECTS: Readonly<Record<DialectName, DialectEntry>> = {
  postgres: {
    aliases: ["postgresql", "pg"],
    adapters: ["postgres", "redshift", "greenplum", "materialize"],
    load: async () => (await import("./postgres/index.js")).createPostgresDialect(),
    capabilities: async () => (await import("./postgres/index.js")).POSTGRES_CAPABILITIES,
  },
  mysql: {
    aliases: ["mariadb"],
    adapters: ["mysql", "mysql5", "mariadb", "tidb"],
    load: async (options) =>
      (await import("./mysql/index.js")).createMysqlDialect(options.lowerCaseTableNames),
    capabilities: async () => (await import("./mysql/index.js")).MYSQL_CAPABILITIES,
  },
  starrocks: {
    aliases: [],
    adapters: ["starrocks"],
    load: async () => (await import("./starrocks/index.js")).createStarrocksDialect(),
    capabilities: async () => (await import("./starrocks/index.js")).STARROCKS_CAPABILITIES,
  },
};

export const DIALECT_NAMES = Object.keys(DIALECTS) as readonly DialectName[];

/** Every spelling --dialect and `dialect:` accept: the names, then the aliases. */
export const DIALECT_SPELLINGS: readonly string[] = [
  ...DIALECT_NAMES,
  ...DIALECT_NAMES.flatMap((name) => DIALECTS[name].aliases),
];

/** The dialect a name or alias stands for (case-insensitive), or undefined. */
export function resolveDialectName(value: string): DialectName | undefined {
  const wanted = value.toLowerCase();
  return DIALECT_NAMES.find((name) => name === wanted || DIALECTS[name].aliases.includes(wanted));
}

export function isDialectName(value: string): value is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(value);
}

/** "postgres (or postgresql, pg), mysql (or mariadb) or starrocks", for messages. */
export function describeDialects(): string {
  const described = DIALECT_NAMES.map((name) => {
    const aliases = DIALECTS[name].aliases;
    return aliases.length > 0 ? `${name} (or ${aliases.join(", ")})` : name;
  });
  return `${described.slice(0, -1).join(", ")} or ${described.at(-1)}`;
}

/** The dialect whose SQL a dbt adapter speaks, or undefined for a warehouse Schematic does not parse. */
export function dialectForAdapter(adapterType: string): DialectName | undefined {
  const adapter = adapterType.toLowerCase();
  return DIALECT_NAMES.find((name) => DIALECTS[name].adapters.includes(adapter));
}

/** Loads a dialect on demand, so a MySQL user never pays for the PostgreSQL parser's WASM and back. */
export async function createDialect(name: DialectName, options: DialectOptions = {}): Promise<Dialect> {
  const entry = isDialectName(name) ? DIALECTS[name] : undefined;
  if (!entry) {
    throw new SchematicError("usage", `Unknown dialect ${JSON.stringify(name)}.`, {
      hint: `Use ${describeDialects()}.`,
    });
  }
  return entry.load(options);
}
