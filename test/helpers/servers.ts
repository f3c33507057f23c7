/**
 * Tests that need a real database read its URL from the environment. CI (.ci/run) always sets both;
 * on a machine without servers these tests are skipped with a visible notice and the rest still runs.
 */
import pg from "pg";

export const PG_URL = process.env.SCHEMATIC_TEST_PG_URL;
export const MYSQL_URL = process.env.SCHEMATIC_TEST_MYSQL_URL;

export function noticeSkipped(variable: string, what: string): void {
  console.warn(
    `\n[schematic] ${variable} is not set: skipping ${what} (set it to run them against a real server).\n`,
  );
}

/** A database name no other run uses: tests make their own database and drop it after. */
export function scratchName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `body` on a PostgreSQL connection to `url`, closed after. */
export async function withPostgres<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}
