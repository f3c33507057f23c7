/**
 * Runs the rule set over the real migration histories in ../shared/corpora and prints, per rule, how many
 * findings each corpus gets, with examples to check by hand for false positives.
 *
 *   npx tsx bench/corpus/rules-measure.ts [--rules id,id] [--examples N] [--corpora DIR]
 *
 * Rules are loaded from rules/<id>.ts (all files by default), so a rule can be measured before it is
 * registered. Every history is replayed in order; every file counts as under review.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultSchemaFor, replayHistory } from "../../src/check/history.js";
import { parseScript } from "../../src/check/parse-script.js";
import type { DialectName } from "../../src/dialects/dialect.js";
import { createDialect } from "../../src/dialects/index.js";
import type { Rule } from "../../src/lint/rule.js";
import { dialectHooks, runRules } from "../../src/lint/runner.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { LineIndex } from "../../src/sql/span.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const corpora = path.resolve(
  option("--corpora") ?? process.env.SCHEMATIC_CORPORA ?? path.join(ROOT, "../shared/corpora"),
);
const examplesPerRule = Number(option("--examples") ?? 3);

interface Corpus {
  readonly name: string;
  readonly dialect: DialectName;
  /** Folder of migrations, relative to the corpora. */
  readonly folder: string;
  /** Go-template placeholders rendered before parsing (supabase/auth). */
  readonly render?: (text: string) => string;
  readonly defaultSchema?: string;
}

const CORPORA: readonly Corpus[] = [
  { name: "crates.io", dialect: "postgres", folder: "pg-crates-io/migrations" },
  {
    name: "supabase auth",
    dialect: "postgres",
    folder: "pg-supabase-auth/migrations",
    render: (t) => t.replace(/\{\{[^}]*\}\}/g, "auth"),
    // Its migrations run with search_path=auth: unqualified names are in auth.
    defaultSchema: "auth",
  },
  {
    name: "authelia (postgres)",
    dialect: "postgres",
    folder: "pg-mysql-authelia/internal/storage/migrations/postgres",
  },
  {
    name: "ory hydra (postgres)",
    dialect: "postgres",
    folder: "pg-mysql-ory-hydra/persistence/sql/migrations",
  },
  {
    name: "authelia (mysql)",
    dialect: "mysql",
    folder: "pg-mysql-authelia/internal/storage/migrations/mysql",
    defaultSchema: "authelia",
  },
  {
    name: "ory hydra (mysql)",
    dialect: "mysql",
    folder: "pg-mysql-ory-hydra/persistence/sql/migrations",
    defaultSchema: "hydra",
  },
  { name: "starrocks demo", dialect: "starrocks", folder: "starrocks-demo", defaultSchema: "demo" },
];

async function loadRules(): Promise<Rule[]> {
  const wanted = option("--rules")?.split(",");
  const ids =
    wanted ??
    readdirSync(path.join(ROOT, "rules"))
      .filter((file) => file.endsWith(".ts") && file !== "index.ts" && !file.endsWith(".test.ts"))
      .map((file) => file.slice(0, -3));
  return Promise.all(
    ids.map(async (id) => (await import(path.join(ROOT, "rules", `${id}.ts`))).default as Rule),
  );
}

async function main(): Promise<void> {
  if (!existsSync(corpora)) {
    console.log(`rules-measure: no corpora at ${corpora}; nothing measured.`);
    return;
  }
  const rules = await loadRules();
  const counts = new Map<string, Map<string, number>>();
  const examples = new Map<string, string[]>();
  for (const corpus of CORPORA) {
    const folder = path.join(corpora, corpus.folder);
    if (!existsSync(folder)) continue;
    const dialect = await createDialect(corpus.dialect);
    let source = folder;
    let scratch: string | undefined;
    if (corpus.render) {
      scratch = mkdtempSync(path.join(tmpdir(), "schematic-rules-"));
      cpSync(folder, scratch, { recursive: true });
      for (const file of readdirSync(scratch, { recursive: true }) as string[]) {
        if (!file.endsWith(".sql")) continue;
        const full = path.join(scratch, file);
        writeFileSync(full, corpus.render(readFileSync(full, "utf8")));
      }
      source = scratch;
    }
    const migrations = loadMigrations(source, { dialect: corpus.dialect, cwd: source });
    const session = dialect.createSession?.();
    const scripts = migrations
      .map((migration) => parseScript(dialect, migration.up.path, migration.up.text, {}, session))
      .filter((script) => script.parsed.errors.length === 0);
    const replays = replayHistory(scripts, dialect, defaultSchemaFor(dialect, corpus.defaultSchema));
    const diagnostics = runRules(replays, {
      rules: rules.map((rule) => ({
        rule,
        severity: rule.meta.defaultSeverity,
        options: rule.meta.defaultOptions,
      })),
      dialect: dialectHooks(dialect),
    });
    const texts = new Map(scripts.map((script) => [script.path, script.text]));
    for (const diagnostic of diagnostics) {
      const perCorpus = counts.get(diagnostic.rule) ?? new Map<string, number>();
      perCorpus.set(corpus.name, (perCorpus.get(corpus.name) ?? 0) + 1);
      counts.set(diagnostic.rule, perCorpus);
      const list = examples.get(diagnostic.rule) ?? [];
      if (list.length < examplesPerRule * CORPORA.length) {
        const text = texts.get(diagnostic.file) ?? "";
        const position = new LineIndex(text).position(diagnostic.span.start);
        const line = new LineIndex(text).lineText(position.line).trim().slice(0, 100);
        list.push(
          `${corpus.name}: ${diagnostic.file}:${position.line} ${diagnostic.message}\n        | ${line}`,
        );
        examples.set(diagnostic.rule, list);
      }
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`Rule findings on the corpora (${rules.length} rules; every file under review)`);
  for (const rule of rules) {
    const perCorpus = counts.get(rule.meta.id);
    const total = [...(perCorpus?.values() ?? [])].reduce((sum, n) => sum + n, 0);
    const detail = perCorpus ? [...perCorpus].map(([name, n]) => `${name} ${n}`).join(", ") : "";
    console.log(`  ${rule.meta.id.padEnd(40)} ${String(total).padStart(5)}  ${detail}`);
  }
  if (examplesPerRule > 0) {
    for (const [rule, list] of examples) {
      console.log(`\n${rule}:`);
      for (const example of list.slice(0, examplesPerRule * 2)) console.log(`  ${example}`);
    }
  }
}

await main();
