/**
 * Schema dumps to compare two databases: what `pg_dump --schema-only` or `mysqldump --no-data` print, with
 * what differs between two equal schemas taken out (comments, session settings, pg_dump's random
 * \restrict key, the database's name, AUTO_INCREMENT counters), and a line diff of two normalised dumps.
 */
import { spawnSync } from "node:child_process";

/** Runs a client program and returns its standard output; a failure throws with its standard error. */
export function runClient(file: string, args: readonly string[], input?: string): string {
  const run = spawnSync(file, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...(input !== undefined && { input }),
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${file} exited ${run.status}: ${run.stderr.trim().slice(0, 2000)}`);
  return run.stdout;
}

/** pg_dump's schema of one database, the history table left out. */
export function postgresSchemaDump(url: string, excludeTable: string): string {
  return normalisePostgresDump(
    runClient("pg_dump", ["--schema-only", "--no-owner", `--exclude-table=${excludeTable}`, "-d", url]),
  );
}

export function normalisePostgresDump(dump: string): string {
  return dump
    .split("\n")
    .filter(
      (line) =>
        line.trim() !== "" &&
        !line.startsWith("--") &&
        // pg_dump 15.14+ fences the script with a random key: equal schemas would never compare equal.
        !/^\\(un)?restrict\b/.test(line) &&
        !/^SET \w+ = /.test(line) &&
        !line.startsWith("SELECT pg_catalog.set_config('search_path'"),
    )
    .join("\n");
}

/** mysqldump's schema of one database, the history table left out. */
export function mysqlSchemaDump(
  connection: readonly string[],
  database: string,
  excludeTable: string,
): string {
  return normaliseMysqlDump(
    runClient("mysqldump", [
      ...connection,
      "--no-data",
      "--skip-comments",
      "--skip-dump-date",
      "--routines",
      "--triggers",
      "--events",
      `--ignore-table=${database}.${excludeTable}`,
      database,
    ]),
  );
}

export function normaliseMysqlDump(dump: string): string {
  return (
    dump
      .split("\n")
      .filter(
        (line) =>
          line.trim() !== "" &&
          !line.startsWith("--") &&
          // Client settings saved and restored around each object (/*!40101 SET ... */;).
          !/^\/\*!\d+ SET /.test(line) &&
          !/^SET /.test(line),
      )
      // The counter moves with inserted rows, not with the schema.
      .map((line) => line.replace(/ AUTO_INCREMENT=\d+/, ""))
      .join("\n")
  );
}

/** Lines only one side has (with their multiplicity), first `limit` of each. */
export function dumpDifference(
  left: string,
  right: string,
  limit = 20,
): { readonly onlyLeft: string[]; readonly onlyRight: string[] } {
  const count = (text: string) => {
    const counts = new Map<string, number>();
    for (const line of text.split("\n")) counts.set(line, (counts.get(line) ?? 0) + 1);
    return counts;
  };
  const a = count(left);
  const b = count(right);
  const surplus = (from: Map<string, number>, other: Map<string, number>) => {
    const lines: string[] = [];
    for (const [line, n] of from) {
      for (let i = other.get(line) ?? 0; i < n; i++) lines.push(line);
    }
    return lines.slice(0, limit);
  };
  return { onlyLeft: surplus(a, b), onlyRight: surplus(b, a) };
}
