/**
 * Parses every PostgreSQL migration of the real-world corpora and prints, per corpus, how many
 * statements the PostgreSQL dialect understood, left opaque, or could not parse; and in how many files
 * Schematic's lexer gives other tokens than PostgreSQL's own scanner (0 expected).
 *
 *   npx tsx bench/corpus/postgres-measure.ts [--verbose] [--corpora <dir>]
 *
 * The corpora sit beside the project (../shared/corpora); SCHEMATIC_CORPORA or --corpora overrides.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { createPostgresDialect } from "../../src/dialects/postgres/index.js";
import { LineIndex } from "../../src/sql/span.js";
import { firstLexerDifference } from "../../test/dialects/postgres/lexer-diff.js";

interface Corpus {
  readonly name: string;
  readonly patterns: readonly string[];
  /** Makes the file plain SQL (renders template placeholders). */
  readonly prepare?: (sql: string) => string;
}

/** supabase/auth renders `{{ index .Options "Namespace" }}` with its schema name before running a file. */
const renderNamespace = (sql: string): string => sql.replace(/\{\{[^}]*\}\}/g, "auth");

const CORPORA: readonly Corpus[] = [
  { name: "pg-crates-io", patterns: ["pg-crates-io/**/*.sql"] },
  { name: "pg-supabase-auth", patterns: ["pg-supabase-auth/**/*.sql"], prepare: renderNamespace },
  { name: "pg-mysql-authelia (postgres)", patterns: ["pg-mysql-authelia/**/postgres/**/*.sql"] },
  { name: "pg-mysql-ory-hydra (postgres)", patterns: ["pg-mysql-ory-hydra/**/*.postgres.*sql"] },
  {
    name: "pg-mysql-ory-hydra (all dialects)",
    // ory/pop runs a migration without a dialect in its name on every database.
    patterns: ["pg-mysql-ory-hydra/**/*.sql"],
  },
  {
    name: "schema-dumps (pagila, sakila postgres)",
    patterns: [
      "schema-dumps-sakila-pagila/pagila/*.sql",
      "schema-dumps-sakila-pagila/sakila/postgres-sakila-db/*.sql",
    ],
  },
];

const DIALECT_SUFFIX = /\.(postgres|mysql|sqlite|cockroach|sqlite3)\.(autocommit\.)?(up|down)\.sql$/;

interface Tally {
  files: number;
  statements: number;
  understood: number;
  opaque: number;
  errors: number;
  lexerDiffs: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const corporaFlag = args.indexOf("--corpora");
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root =
    (corporaFlag >= 0 ? args[corporaFlag + 1] : undefined) ??
    process.env.SCHEMATIC_CORPORA ??
    path.resolve(here, "../../../shared/corpora");
  const dialect = await createPostgresDialect();
  const opaqueReasons = new Map<string, number>();
  const total: Tally = { files: 0, statements: 0, understood: 0, opaque: 0, errors: 0, lexerDiffs: 0 };
  const rows: string[] = [];
  const started = performance.now();

  for (const corpus of CORPORA) {
    let files = await fg([...corpus.patterns], { cwd: root, absolute: true });
    if (corpus.name.endsWith("(all dialects)")) files = files.filter((file) => !DIALECT_SUFFIX.test(file));
    files.sort();
    const tally: Tally = {
      files: files.length,
      statements: 0,
      understood: 0,
      opaque: 0,
      errors: 0,
      lexerDiffs: 0,
    };
    for (const file of files) {
      const raw = readFileSync(file, "utf8");
      const sql = corpus.prepare ? corpus.prepare(raw) : raw;
      const parsed = dialect.parse(sql);
      const lines = new LineIndex(sql);
      const relative = path.relative(root, file);
      tally.errors += parsed.errors.length;
      const lexerDifference = firstLexerDifference(sql);
      if (lexerDifference) {
        tally.lexerDiffs++;
        const where = lines.position(lexerDifference.offset);
        console.log(
          `lexer  ${relative}:${where.line}:${where.column} ours ${lexerDifference.ours}, scanner ${lexerDifference.scanner}`,
        );
      }
      for (const error of parsed.errors) {
        const where = lines.position(error.offset);
        if (verbose) console.log(`error  ${relative}:${where.line}:${where.column} ${error.message}`);
      }
      for (const statement of parsed.statements) {
        tally.statements++;
        const opaque = statement.changes.filter((change) => change.kind === "opaque");
        if (opaque.length === 0) {
          tally.understood++;
          continue;
        }
        tally.opaque++;
        for (const change of opaque) {
          const key = `${change.statement}: ${change.reason}`;
          opaqueReasons.set(key, (opaqueReasons.get(key) ?? 0) + 1);
          if (verbose) {
            const where = lines.position(change.span.start);
            console.log(`opaque ${relative}:${where.line}:${where.column} ${key}`);
          }
        }
      }
    }
    rows.push(formatRow(corpus.name, tally));
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
  }

  console.log(formatRow("corpus", undefined));
  for (const row of rows) console.log(row);
  console.log(formatRow("total", total));
  console.log(`(${Math.round(performance.now() - started)} ms)`);
  if (opaqueReasons.size > 0) {
    console.log("\nopaque statements by reason:");
    for (const [reason, count] of [...opaqueReasons].sort((a, b) => b[1] - a[1]))
      console.log(`${count}\t${reason}`);
  }
}

function formatRow(name: string, tally: Tally | undefined): string {
  const cells = tally
    ? [tally.files, tally.statements, tally.understood, tally.opaque, tally.errors, tally.lexerDiffs].map(
        String,
      )
    : ["files", "statements", "understood", "opaque", "errors", "lexer diffs"];
  return [name.padEnd(40), ...cells.map((cell) => cell.padStart(10))].join(" ");
}

await main();
