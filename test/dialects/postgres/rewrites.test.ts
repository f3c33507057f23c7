import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresRewritesTable } from "../../../src/dialects/postgres/rewrites.js";
import { noticeSkipped, PG_URL, scratchName, withDatabase } from "../../helpers/servers.js";
import { postgres } from "./helpers.js";

/**
 * [from, to, rewrites?, session time zone]. Every row was checked against PostgreSQL 15 (the relation's
 * filenode changes exactly when the table is rewritten); the server-backed test below re-checks them.
 */
const CASES: readonly (readonly [string, string, boolean, ("UTC" | "America/New_York")?])[] = [
  // Text: relabelled unless a length limit has to be checked.
  ["varchar(10)", "varchar(20)", false],
  ["varchar(20)", "varchar(10)", true],
  ["varchar(10)", "varchar", false],
  ["varchar(10)", "text", false],
  ["varchar", "text", false],
  ["text", "varchar", false],
  ["text", "varchar(10)", true],
  ["text", "citext", false],
  ["varchar(10)", "citext", false],
  ["citext", "text", false],
  ["citext", "varchar(10)", true],
  // char(n) pads its values: any change rewrites.
  ["char(5)", "char(10)", true],
  ["char(5)", "varchar(10)", true],
  ["char(5)", "text", true],
  ["varchar(5)", "char(10)", true],
  // numeric: more precision at the same scale, or no constraint at all.
  ["numeric(10,2)", "numeric(12,2)", false],
  ["numeric(10)", "numeric(12)", false],
  ["numeric(10,2)", "numeric", false],
  ["numeric(10,2)", "numeric(12,3)", true],
  ["numeric(10,2)", "numeric(8,2)", true],
  ["numeric", "numeric(10,2)", true],
  // Integers and floats change their storage.
  ["int", "bigint", true],
  ["smallint", "int", true],
  ["real", "double precision", true],
  // Fractional-second precision: more, or unspecified (= 6), keeps every value.
  ["timestamp(3)", "timestamp", false],
  ["timestamp(3)", "timestamp(6)", false],
  ["timestamp(3)", "timestamp(5)", false],
  ["timestamp", "timestamp(6)", false],
  ["timestamp", "timestamp(3)", true],
  ["timestamp(5)", "timestamp(3)", true],
  ["time(3)", "time", false],
  ["timetz(2)", "timetz(4)", false],
  ["time", "time(2)", true],
  // timestamp <-> timestamptz keeps the bits only at UTC, and only without a precision below 6.
  ["timestamp", "timestamptz", false, "UTC"],
  ["timestamptz", "timestamp", false, "UTC"],
  ["timestamp(3)", "timestamptz", false, "UTC"],
  ["timestamp(3)", "timestamptz(6)", false, "UTC"],
  ["timestamptz(3)", "timestamp", false, "UTC"],
  ["timestamp(3)", "timestamptz(3)", true, "UTC"],
  ["timestamp", "timestamptz(3)", true, "UTC"],
  ["timestamp", "timestamptz", true, "America/New_York"],
  ["timestamptz", "timestamp", true, "America/New_York"],
  // interval: a bare interval takes anything; fields and precision narrow it.
  ["interval(3)", "interval", false],
  ["interval(3)", "interval(6)", false],
  ["interval day", "interval", false],
  ["interval day to second(3)", "interval day to second", false],
  ["interval", "interval(3)", true],
  ["interval", "interval day", true],
  // Bit strings, network types, JSON, arrays, conversions between kinds.
  ["varbit(5)", "varbit(10)", false],
  ["varbit(5)", "varbit", false],
  ["varbit(10)", "varbit(5)", true],
  ["bit(5)", "varbit(10)", true],
  ["bit(5)", "bit(10)", true],
  ["cidr", "inet", false],
  ["inet", "cidr", true],
  ["json", "jsonb", true],
  ["jsonb", "json", true],
  ["varchar(10)[]", "varchar(20)[]", true],
  ["varchar(10)[]", "text[]", true],
  ["int[]", "bigint[]", true],
  ["uuid", "text", true],
  ["int", "text", true],
  ["bytea", "text", true],
  // Unchanged.
  ["varchar(10)", "character varying(10)", false],
  ["numeric(10,2)", "decimal(10,2)", false],
];

function label(from: string, to: string, zone: string | undefined): string {
  return `${from} -> ${to}${zone ? ` (TimeZone ${zone})` : ""}`;
}

describe("postgresRewritesTable", () => {
  it.each(
    CASES.map(([from, to, rewrites, zone]) => [label(from, to, zone), from, to, rewrites, zone] as const),
  )("%s", (_label, from, to, rewrites, zone) => {
    const session = new Map(zone ? [["timezone", zone]] : []);
    expect(postgresRewritesTable(postgres.normalizeType(from), postgres.normalizeType(to), session)).toBe(
      rewrites,
    );
  });

  it.each([
    ["'UTC'", false],
    ["Etc/UTC", false],
    ["utc", false],
    ["GMT", false],
    ["0", false],
    ["INTERVAL '+00:00' HOUR TO MINUTE", false],
    ["Europe/London", true],
    ["'+1'", true],
    ["INTERVAL '+01:00' HOUR TO MINUTE", true],
  ])("timestamp -> timestamptz with TimeZone %s rewrites: %s", (zone, rewrites) => {
    const session = new Map([["timezone", zone]]);
    const from = postgres.normalizeType("timestamp");
    const to = postgres.normalizeType("timestamptz");
    expect(postgresRewritesTable(from, to, session)).toBe(rewrites);
  });

  it("assumes a time zone conversion rewrites when the session's time zone is unknown", () => {
    const from = postgres.normalizeType("timestamp");
    const to = postgres.normalizeType("timestamptz");
    expect(postgresRewritesTable(from, to)).toBe(true);
    expect(postgres.hooks.rewritesTable?.(from, to)).toBe(true);
  });

  it("assumes types it does not know rewrite, unless unchanged", () => {
    const mood = postgres.normalizeType("mood");
    expect(postgresRewritesTable(postgres.normalizeType("text"), mood)).toBe(true);
    expect(postgresRewritesTable(mood, postgres.normalizeType("mood"))).toBe(false);
  });
});

if (!PG_URL) noticeSkipped("SCHEMATIC_TEST_PG_URL", "the table-rewrite check against PostgreSQL");

/** Ground truth: a rewrite gives the table a new filenode. */
describe.skipIf(!PG_URL)("postgresRewritesTable matches PostgreSQL", () => {
  const database = scratchName("schematic_rewrites");
  let admin: pg.Client;
  let client: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    client = new pg.Client({ connectionString: withDatabase(PG_URL!, database) });
    await client.connect();
    await client.query("CREATE EXTENSION IF NOT EXISTS citext");
  });

  afterAll(async () => {
    await client?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  async function rewrites(from: string, to: string, zone: string): Promise<boolean> {
    await client.query(`SET TimeZone = '${zone}'`);
    await client.query("DROP TABLE IF EXISTS probe");
    await client.query(`CREATE TABLE probe (c ${from})`);
    const filenode = async () =>
      (await client.query<{ node: string }>("SELECT pg_relation_filenode('probe') AS node")).rows[0]!.node;
    const before = await filenode();
    await client.query(`ALTER TABLE probe ALTER COLUMN c TYPE ${to}`);
    return (await filenode()) !== before;
  }

  it("for every case of the table", async () => {
    const mismatches: string[] = [];
    for (const [from, to, expected, zone] of CASES) {
      const actual = await rewrites(from, to, zone ?? "UTC");
      if (actual !== expected) mismatches.push(`${label(from, to, zone)}: PostgreSQL ${actual}`);
    }
    expect(mismatches).toEqual([]);
  });
});
