/**
 * Measures the MySQL dialect on real migrations under ../shared/corpora (see its README): authelia's
 * `mysql/` folder, ory hydra's `*.mysql.*.sql` files and the Sakila MySQL schema. Prints statements /
 * understood / opaque / parse errors / crashes, twice:
 * - per file, as `dialect.parse` sees each file alone;
 * - per project in migration order (ups ascending, then downs descending) with one MysqlScriptState, as a
 *   replay that carries stored procedures from file to file would see them.
 * And, for comparison, how many statements node-sql-parser's mysql grammar alone accepts.
 *
 *   npx tsx bench/corpus/mysql-measure.ts [corpora-dir] [--verbose]
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import nodeSqlParser from "node-sql-parser/build/mysql.js";
import {
  createMysqlDialect,
  MysqlScriptState,
  parseMysql,
  splitMysql,
} from "../../src/dialects/mysql/index.js";
import type { ParsedSql } from "../../src/sql/changes.js";
import { LineIndex } from "../../src/sql/span.js";

interface Project {
  readonly name: string;
  /** Files in the order a migrator runs them. */
  readonly files: readonly string[];
}

interface Tally {
  files: number;
  statements: number;
  understood: number;
  opaque: number;
  errors: number;
  crashes: number;
  milliseconds: number;
}

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const corpora =
  args.find((arg) => !arg.startsWith("--")) ?? join(import.meta.dirname, "../../../shared/corpora");

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

/** Up migrations in version order, then down migrations newest first: a full migrate and rollback. */
function migrationOrder(paths: readonly string[]): string[] {
  const byName = (a: string, b: string): number =>
    basename(a).localeCompare(basename(b), "en", { numeric: true });
  const ups = paths.filter((path) => !/\.down\.sql$/.test(path)).sort(byName);
  const downs = paths.filter((path) => /\.down\.sql$/.test(path)).sort((a, b) => byName(b, a));
  return [...ups, ...downs];
}

function projects(): Project[] {
  const authelia = filesUnder(join(corpora, "pg-mysql-authelia"), (path) =>
    /\/mysql\/[^/]+\.sql$/.test(path),
  );
  const hydra = filesUnder(join(corpora, "pg-mysql-ory-hydra"), (path) => /\.mysql\.[^/]*sql$/.test(path));
  const sakila = filesUnder(join(corpora, "schema-dumps-sakila-pagila/sakila/mysql-sakila-db"), (path) =>
    path.endsWith(".sql"),
  );
  return [
    { name: "authelia", files: migrationOrder(authelia) },
    { name: "ory-hydra", files: migrationOrder(hydra) },
    // The schema first, then the script that drops its objects.
    {
      name: "sakila",
      files: [...sakila].sort((a, b) => (a.includes("schema") ? -1 : b.includes("schema") ? 1 : 0)),
    },
  ];
}

function emptyTally(): Tally {
  return { files: 0, statements: 0, understood: 0, opaque: 0, errors: 0, crashes: 0, milliseconds: 0 };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
}

function add(tally: Tally, parsed: ParsedSql, sql: string, file: string): void {
  tally.files++;
  tally.statements += parsed.statements.length + parsed.errors.length;
  tally.errors += parsed.errors.length;
  const lines = new LineIndex(sql);
  for (const statement of parsed.statements) {
    const opaque = statement.changes.find((change) => change.kind === "opaque");
    if (!opaque) {
      tally.understood++;
      continue;
    }
    tally.opaque++;
    if (verbose && opaque.kind === "opaque") {
      const { line } = lines.position(statement.span.start);
      console.log(`  opaque  ${file}:${line}  ${opaque.reason}`);
    }
  }
  if (verbose) {
    for (const error of parsed.errors) {
      console.log(`  error   ${file}:${lines.position(error.offset).line}  ${error.message}`);
    }
  }
}

function measure(label: string, parseFile: (project: Project) => (sql: string) => ParsedSql): Tally {
  const total = emptyTally();
  console.log(`\n${label}`);
  console.log("project      files  statements  understood  opaque  errors  crashes      ms");
  for (const project of projects()) {
    const tally = emptyTally();
    const parse = parseFile(project);
    for (const path of project.files) {
      const sql = readFileSync(path, "utf8");
      const started = performance.now();
      try {
        add(tally, parse(sql), sql, relative(corpora, path));
      } catch (error) {
        tally.crashes++;
        console.log(
          `  CRASH   ${relative(corpora, path)}: ${error instanceof Error ? error.stack : String(error)}`,
        );
      }
      tally.milliseconds += performance.now() - started;
    }
    print(project.name, tally);
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
  }
  print("total", total);
  console.log(
    `understood ${percent(total.understood, total.statements)}, opaque ${percent(total.opaque, total.statements)}, errors ${percent(total.errors, total.statements)}`,
  );
  return total;
}

function print(name: string, tally: Tally): void {
  console.log(
    `${name.padEnd(12)} ${String(tally.files).padStart(5)} ${String(tally.statements).padStart(11)} ${String(tally.understood).padStart(11)} ${String(tally.opaque).padStart(7)} ${String(tally.errors).padStart(7)} ${String(tally.crashes).padStart(8)} ${tally.milliseconds.toFixed(0).padStart(7)}`,
  );
}

/** node-sql-parser alone on the same statements (as split by our splitter). */
function measureNodeSqlParser(): void {
  const parser = new nodeSqlParser.Parser();
  let statements = 0;
  let accepted = 0;
  for (const project of projects()) {
    for (const path of project.files) {
      for (const statement of splitMysql(readFileSync(path, "utf8"))) {
        statements++;
        try {
          parser.astify(statement.text, { database: "mysql" });
          accepted++;
        } catch {
          // counted as rejected
        }
      }
    }
  }
  console.log(
    `\nnode-sql-parser (mysql grammar) alone accepts ${accepted} of ${statements} statements (${percent(accepted, statements)})`,
  );
}

function main(): void {
  if (!existsSync(join(corpora, "pg-mysql-authelia"))) {
    console.error(`No MySQL corpora under ${corpora}: pass the corpora directory as the first argument.`);
    process.exitCode = 2;
    return;
  }
  const dialect = createMysqlDialect();
  const perFile = measure("Per file (dialect.parse):", () => (sql) => dialect.parse(sql));
  measure("Per project in migration order, procedures carried from file to file:", () => {
    const script = new MysqlScriptState();
    return (sql) => parseMysql(sql, script);
  });
  measureNodeSqlParser();
  if (perFile.crashes > 0) process.exitCode = 1;
}

main();
