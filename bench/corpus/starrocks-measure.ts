/**
 * Measures the StarRocks parser on real inputs: the SQL examples of the StarRocks reference pages and the
 * `.sql` scripts of StarRocks/demo (both under ../shared/corpora, see its README). Prints, for all
 * statements and separately for CREATE TABLE and ALTER TABLE: understood / opaque / parse errors /
 * crashes, and how many errors sit on documentation templates (`<table_name>`, `[IF EXISTS]`, `...`),
 * on other systems' DDL, and on examples that StarRocks itself would refuse (each with its reason).
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
  /** Errors on statements that StarRocks' own grammar refuses too (typos in the docs). */
  invalidErrors: number;
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

/**
 * Examples that StarRocks refuses as well, each checked by hand against StarRocks' grammar
 * (fe/fe-core/src/main/java/com/starrocks/sql/parser/StarRocks.g4, and TypeParser for type names). A rule
 * must match the parse error and the text on both sides of it, so that a gap in Schematic's parser is
 * never filed here: only the defect the reason names.
 */
interface InvalidInStarrocks {
  /** The parse error message. */
  readonly error: RegExp;
  /** The statement text before the error offset. */
  readonly before?: RegExp;
  /** The statement text from the error offset on. */
  readonly after?: RegExp;
  readonly reason: string;
}

/** Words that start a column type in StarRocks.g4 (baseType, decimalType, arrayType, mapType, structType). */
const TYPE_WORD =
  "(?:boolean|tinyint|smallint|int|integer|bigint|largeint|signed|unsigned|float|double|date|datetime|time|char|varchar|string|text|bitmap|hll|percentile|json|variant|varbinary|binary|decimal(?:v2|32|64|128|256)?|numeric|number|array|map|struct)\\b";

const INVALID_IN_STARROCKS: readonly InvalidInStarrocks[] = [
  {
    error: /^expected a column list or AS query, found end of statement$/,
    before: /^CREATE\s+(?:EXTERNAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[\w.`]+\s*$/i,
    reason:
      "CREATE TABLE with no column list, LIKE or AS query: createTableStatement, createTableLikeStatement and createTableAsSelectStatement all need one",
  },
  {
    error: /^expected a column type, found '(?:long|timestamp)'$/i,
    reason: "LONG and TIMESTAMP are not StarRocks column types (baseType has BIGINT and DATETIME)",
  },
  {
    error: /^expected '<', found /,
    before: /\bARRAY\s*$/i,
    reason: "ARRAY without its element type: arrayType is ARRAY '<' type '>'",
  },
  {
    error: /^expected a column name, found '\)'$/,
    before: /,\s*$/,
    reason: "a comma before ')' ends the column list: '(' columnDesc (',' columnDesc)* ')'",
  },
  {
    error: /^expected '\)', found '[^']+'$/,
    after: new RegExp(`^\`?\\w+\`?\\s+${TYPE_WORD}`, "i"),
    reason: "two column definitions with no comma between them",
  },
  {
    error: /^expected an ALTER TABLE clause .*, found 'TO'$/,
    before: /,\s*$/,
    after: /^TO\s+`?\w+`?\s*$/i,
    reason:
      "`, TO rollup` after a comma: TO rollup belongs inside ADD COLUMN (addColumnClause), not a clause of its own",
  },
];

/** Why StarRocks refuses the statement too, when one of INVALID_IN_STARROCKS matches its error. */
function invalidInStarrocks(text: string, errorOffset: number, message: string): string | undefined {
  const before = text.slice(0, errorOffset);
  const after = text.slice(errorOffset);
  return INVALID_IN_STARROCKS.find(
    (rule) =>
      rule.error.test(message) &&
      (rule.before === undefined || rule.before.test(before)) &&
      (rule.after === undefined || rule.after.test(after)),
  )?.reason;
}

function emptyTally(): Tally {
  return {
    statements: 0,
    understood: 0,
    opaque: 0,
    errors: 0,
    templateErrors: 0,
    foreignErrors: 0,
    invalidErrors: 0,
  };
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
  const invalidReasons = new Map<string, number>();
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
      const foreign = error !== undefined && FOREIGN.test(text);
      const template = error !== undefined && !foreign && TEMPLATE.test(text);
      const invalid =
        error === undefined || foreign || template
          ? undefined
          : invalidInStarrocks(text, error.offset - statement.span.start, error.message);
      const tallies = [all];
      if (/CREATE TABLE\b/.test(statement.statementType)) tallies.push(createTable);
      if (/^ALTER TABLE/.test(statement.statementType)) tallies.push(alterTable);
      for (const tally of tallies) {
        tally.statements++;
        if (error) {
          tally.errors++;
          if (foreign) tally.foreignErrors++;
          else if (template) tally.templateErrors++;
          else if (invalid !== undefined) tally.invalidErrors++;
        } else if (opaque) tally.opaque++;
        else tally.understood++;
      }
      if (invalid !== undefined) invalidReasons.set(invalid, (invalidReasons.get(invalid) ?? 0) + 1);
      if (verbose && (error || opaque)) {
        const where = lines.position(error?.offset ?? statement.span.start);
        const what = error
          ? `ERROR ${error.message}`
          : `OPAQUE ${opaque?.kind === "opaque" ? opaque.reason : ""}`;
        const label = foreign
          ? " [other dialect]"
          : template
            ? " [template]"
            : invalid !== undefined
              ? ` [invalid in StarRocks too: ${invalid}]`
              : "";
        problems.push(
          `${source.name}:${where.line}:${where.column} ${statement.statementType}: ${what}${label}\n    ${text.replace(/\s+/g, " ").slice(0, 160)}`,
        );
      }
    }
  }

  const row = (label: string, tally: Tally): string =>
    `${label.padEnd(14)} ${String(tally.statements).padStart(6)} ${`${tally.understood} (${percent(tally.understood, tally.statements)})`.padStart(16)} ${String(tally.opaque).padStart(7)} ${`${tally.errors} (${tally.templateErrors} templates, ${tally.foreignErrors} other dialects, ${tally.invalidErrors} invalid in StarRocks)`.padStart(64)}`;
  /** Understood among the statements StarRocks itself would run. */
  const ofValid = (tally: Tally): string => {
    const valid = tally.statements - tally.templateErrors - tally.foreignErrors - tally.invalidErrors;
    return `${tally.understood}/${valid} = ${percent(tally.understood, valid)}`;
  };

  console.log(
    `StarRocks corpus: ${inputs.length} inputs (doc SQL blocks and demo files), ${crashes} crashes`,
  );
  console.log(
    `${"".padEnd(14)} ${"stmts".padStart(6)} ${"understood".padStart(16)} ${"opaque".padStart(7)} ${"errors".padStart(64)}`,
  );
  console.log(row("all", all));
  console.log(row("CREATE TABLE", createTable));
  console.log(row("ALTER TABLE", alterTable));
  console.log(
    `understood, leaving out templates, other dialects and statements StarRocks refuses: all ${ofValid(all)}, CREATE TABLE ${ofValid(createTable)}, ALTER TABLE ${ofValid(alterTable)}`,
  );
  if (invalidReasons.size > 0) console.log("invalid in StarRocks too (checked against StarRocks.g4):");
  for (const [reason, count] of invalidReasons) console.log(`  ${String(count).padStart(3)}  ${reason}`);
  if (verbose) for (const problem of problems) console.log(problem);
  if (crashes > 0) process.exitCode = 1;
}

main();
