/**
 * Measures the StarRocks parser on real inputs: the SQL examples of the StarRocks reference pages and the
 * `.sql` scripts of StarRocks/demo (both under ../shared/corpora, see its README). Prints, for all
 * statements and separately for CREATE TABLE and ALTER TABLE: understood / opaque / parse errors /
 * crashes, and how many errors sit on documentation templates (`<table_name>`, `[IF EXISTS]`, `...`).
 *
 *   npx tsx bench/corpus/starrocks-measure.ts [corpora-dir] [--verbose]
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseStarrocks } from "../../src/dialects/starrocks/parser.js";
import { LineIndex } from "../../src/sql/span.js";
import { extractStarrocksSql } from "./starrocks-docs.js";

interface Source {
  readonly name: string;
  readonly sql: string;
}

interface Tally {
  statements: number;
  understood: number;
  opaque: number;
  errors: number;
  templateErrors: number;
  /** Errors on statements in another database's dialect (Hive, Flink, Spark, MySQL DDL). */
  foreignErrors: number;
}

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const corpora =
  args.find((arg) => !arg.startsWith("--")) ?? join(import.meta.dirname, "../../../shared/corpora");

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path, extension);
    return path.endsWith(extension) ? [path] : [];
  });
}

function sources(): Source[] {
  const docs = filesUnder(join(corpora, "starrocks-ddl/docs"), ".md").flatMap((path) =>
    extractStarrocksSql(readFileSync(path, "utf8")).map((sql, index) => ({
      name: `${relative(corpora, path)}#${index + 1}`,
      sql,
    })),
  );
  const demos = filesUnder(join(corpora, "starrocks-demo"), ".sql").map((path) => ({
    name: relative(corpora, path),
    sql: readFileSync(path, "utf8"),
  }));
  return [...docs, ...demos];
}

/**
 * Statements for another database that StarRocks pages show beside its own: Hive DDL for external
 * catalogs, Flink and Spark connector tables, MySQL source tables.
 */
const FOREIGN =
  /\b(ROW\s+FORMAT|STORED\s+AS|TBLPROPERTIES|PARTITIONED\s+BY|NOT\s+ENFORCED|ENGINE\s*=\s*InnoDB)\b|\)\s*WITH\s*\(\s*'connector'|\bUSING\s+starrocks\s+OPTIONS\b/i;

/** Documentation syntax templates rather than runnable SQL. */
const TEMPLATE =
  /<[A-Za-z_][\w .-]*>|\.\.\.|…|\$\{|\[\s*(IF|KEY|FROM|TO|AFTER|PROPERTIES|DEFAULT|NULL|USING|COMMENT|FORCE|TEMPORARY|EXTERNAL|PARTITION|DISTRIBUTED|BUCKETS|ENGINE|ORDER|database|db|table|catalog|WITH)\b|\{\s*\w+\s*\|/i;

function emptyTally(): Tally {
  return { statements: 0, understood: 0, opaque: 0, errors: 0, templateErrors: 0, foreignErrors: 0 };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
}

function main(): void {
  if (!existsSync(join(corpora, "starrocks-ddl")) || !existsSync(join(corpora, "starrocks-demo"))) {
    console.error(`No StarRocks corpora under ${corpora}: pass the corpora directory as the first argument.`);
    process.exitCode = 2;
    return;
  }
  const all = emptyTally();
  const createTable = emptyTally();
  const alterTable = emptyTally();
  let crashes = 0;
  const problems: string[] = [];
  const inputs = sources();
  for (const source of inputs) {
    let parsed: ReturnType<typeof parseStarrocks>;
    try {
      parsed = parseStarrocks(source.sql);
    } catch (error) {
      crashes++;
      problems.push(`CRASH ${source.name}: ${(error as Error).stack}`);
      continue;
    }
    const lines = new LineIndex(source.sql);
    for (const statement of parsed.statements) {
      const text = source.sql.slice(statement.span.start, statement.span.end);
      const error = parsed.errors.find(
        (e) => e.offset >= statement.span.start && e.offset <= statement.span.end,
      );
      const opaque = statement.changes.find((change) => change.kind === "opaque");
      const tallies = [all];
      if (/CREATE TABLE\b/.test(statement.statementType)) tallies.push(createTable);
      if (/^ALTER TABLE/.test(statement.statementType)) tallies.push(alterTable);
      for (const tally of tallies) {
        tally.statements++;
        if (error) {
          tally.errors++;
          if (FOREIGN.test(text)) tally.foreignErrors++;
          else if (TEMPLATE.test(text)) tally.templateErrors++;
        } else if (opaque) tally.opaque++;
        else tally.understood++;
      }
      if (verbose && (error || opaque)) {
        const where = lines.position(error?.offset ?? statement.span.start);
        const what = error
          ? `ERROR ${error.message}`
          : `OPAQUE ${opaque?.kind === "opaque" ? opaque.reason : ""}`;
        const template = !error
          ? ""
          : FOREIGN.test(text)
            ? " [other dialect]"
            : TEMPLATE.test(text)
              ? " [template]"
              : "";
        problems.push(
          `${source.name}:${where.line}:${where.column} ${statement.statementType}: ${what}${template}\n    ${text.replace(/\s+/g, " ").slice(0, 160)}`,
        );
      }
    }
  }

  const row = (label: string, tally: Tally): string =>
    `${label.padEnd(14)} ${String(tally.statements).padStart(6)} ${`${tally.understood} (${percent(tally.understood, tally.statements)})`.padStart(16)} ${String(tally.opaque).padStart(7)} ${`${tally.errors} (${tally.templateErrors} templates, ${tally.foreignErrors} other dialects)`.padStart(40)}`;
  const excludingTemplates = (tally: Tally): string =>
    percent(tally.understood, tally.statements - tally.templateErrors - tally.foreignErrors);

  console.log(
    `StarRocks corpus: ${inputs.length} inputs (doc SQL blocks and demo files), ${crashes} crashes`,
  );
  console.log(
    `${"".padEnd(14)} ${"stmts".padStart(6)} ${"understood".padStart(16)} ${"opaque".padStart(7)} ${"errors".padStart(40)}`,
  );
  console.log(row("all", all));
  console.log(row("CREATE TABLE", createTable));
  console.log(row("ALTER TABLE", alterTable));
  console.log(
    `understood, templates and other dialects left out: all ${excludingTemplates(all)}, CREATE TABLE ${excludingTemplates(createTable)}, ALTER TABLE ${excludingTemplates(alterTable)}`,
  );
  if (verbose) for (const problem of problems) console.log(problem);
  if (crashes > 0) process.exitCode = 1;
}

main();
