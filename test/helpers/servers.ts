/**
 * Tests that need a real database read its URL from the environment. CI (.ci/run) always sets both;
 * on a machine without servers these tests are skipped with a visible notice and the rest still runs.
 */
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
