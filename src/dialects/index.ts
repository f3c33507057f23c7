/**
 * The dialect registry: the one place that lists the databases Schematic reads, the names users write for
 * them, the dbt adapters that speak them, the URL schemes that name them, the words that give their SQL
 * away, and how to load each one's parser and migration driver. The CLI's choices, the configuration's
 * schema (test/config asserts it), messages, folder tags, `schematic init`, `schematic rules` and `migrate`
 * all read it.
 */
import { SchematicError } from "../errors.js";
import type { DatabaseDriver, DriverOptions } from "../migrate/driver.js";
import type { Dialect, DialectCapabilities, DialectName } from "./dialect.js";
import type { LowerCaseTableNames } from "./identifiers.js";

export type { Dialect, DialectName } from "./dialect.js";

export interface DialectOptions {
  /** MySQL's lower_case_table_names, which decides whether table names compare with case (default 0). */
  readonly lowerCaseTableNames?: LowerCaseTableNames;
}

/** Opens a migration driver on a database URL; the driver's module (and its client library) loads then. */
export type DriverLoader = (url: string, options?: DriverOptions) => Promise<DatabaseDriver>;

export interface DialectEntry {
  /** Other names users write for it, accepted by --dialect, `dialect:` and migration folder tags. */
  readonly aliases: readonly string[];
  /** dbt `adapter_type`s whose warehouse speaks this SQL. */
  readonly adapters: readonly string[];
  /** URL schemes (without the colon) that name a database of this kind, for --url and environments. */
  readonly urlSchemes: readonly string[];
  /** Words only this database's DDL uses, strong enough to tell the dialect of a migration set (init). */
  readonly markers: readonly (readonly [label: string, pattern: RegExp])[];
  /**
   * The dialect whose SQL this one extends (StarRocks' is MySQL-flavoured): when both match a migration
   * set equally, this more specific one is the better guess.
   */
  readonly extends?: DialectName;
  /** The dialect with its parser; loaded on demand, so a MySQL user never pays for PostgreSQL's WASM. */
  readonly load: (options: DialectOptions) => Promise<Dialect>;
  /** Its capabilities (for `schematic rules`), without building the dialect. */
  readonly capabilities: () => Promise<DialectCapabilities>;
  /**
   * Its lexer alone, the dialect's own `tokens`: checksums (status, verify, a nothing-to-apply up) need no
   * parser, and PostgreSQL's is WebAssembly that takes longer to load than such a command should.
   */
  readonly lexer: () => Promise<Dialect["tokens"]>;
  /** The migration driver; absent where `schematic migrate` does not run on this database yet. */
  readonly driver?: DriverLoader;
}

export const DIALECTS: Readonly<Record<DialectName, DialectEntry>> = {
  postgres: {
    aliases: ["postgresql", "pg"],
    adapters: ["postgres", "redshift", "greenplum", "materialize"],
    urlSchemes: ["postgres", "postgresql"],
    markers: [
      ["serial", /\b(big)?serial\b/i],
      ["timestamptz", /\btimestamptz\b/i],
      ["jsonb", /\bjsonb\b/i],
      ["CREATE EXTENSION", /\bcreate\s+extension\b/i],
      ["$$ bodies", /\$\$/],
      [":: casts", /::\s*[a-z]/i],
      ["CONCURRENTLY", /\bconcurrently\b/i],
    ],
    load: async () => (await import("./postgres/index.js")).createPostgresDialect(),
    capabilities: async () => (await import("./postgres/index.js")).POSTGRES_CAPABILITIES,
    lexer: async () => (await import("./postgres/lexer.js")).lexPostgres,
    driver: async (url, options) =>
      (await import("../migrate/drivers/postgres.js")).createPostgresDriver(url, options),
  },
  mysql: {
    aliases: ["mariadb"],
    adapters: ["mysql", "mysql5", "mariadb", "tidb"],
    urlSchemes: ["mysql", "mariadb"],
    markers: [
      ["AUTO_INCREMENT", /\bauto_increment\b/i],
      ["ENGINE=", /\bengine\s*=/i],
      ["`backticks`", /`\w+`/],
      ["DEFAULT CHARSET", /\bdefault\s+charset\b/i],
      ["UNSIGNED", /\bunsigned\b/i],
    ],
    load: async (options) =>
      (await import("./mysql/index.js")).createMysqlDialect(options.lowerCaseTableNames),
    capabilities: async () => (await import("./mysql/index.js")).MYSQL_CAPABILITIES,
    lexer: async () => (await import("./mysql/tokens.js")).mysqlTokens,
    // mysql2 takes no application name: the options every loader gets say nothing MySQL needs.
    driver: async (url) => (await import("../migrate/drivers/mysql.js")).createMysqlDriver(url),
  },
  starrocks: {
    aliases: [],
    adapters: ["starrocks"],
    urlSchemes: ["starrocks"],
    markers: [
      ["DUPLICATE KEY", /\bduplicate\s+key\s*\(/i],
      ["AGGREGATE KEY", /\baggregate\s+key\s*\(/i],
      ["DISTRIBUTED BY HASH", /\bdistributed\s+by\s+hash\b/i],
      ["replication_num", /\bproperties\s*\(\s*"replication_num"/i],
    ],
    extends: "mysql",
    load: async () => (await import("./starrocks/index.js")).createStarrocksDialect(),
    capabilities: async () => (await import("./starrocks/index.js")).STARROCKS_CAPABILITIES,
    lexer: async () => (await import("./starrocks/tokens.js")).starrocksTokens,
    // No driver yet: StarRocks' (asynchronous schema changes, a lease for a lock) comes with its own issue.
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

/** The database a URL scheme names (without the colon, case-insensitive), or undefined. */
export function dialectForUrlScheme(scheme: string): DialectName | undefined {
  const wanted = scheme.toLowerCase().replace(/:$/, "");
  return DIALECT_NAMES.find((name) => DIALECTS[name].urlSchemes.includes(wanted));
}

/** Every URL scheme a database URL may start with ("postgres://, postgresql://, …"), for messages. */
export function describeUrlSchemes(): string {
  const schemes = DIALECT_NAMES.flatMap((name) => DIALECTS[name].urlSchemes).map((scheme) => `${scheme}://`);
  return `${schemes.slice(0, -1).join(", ")} or ${schemes.at(-1)}`;
}
