import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { isDbtProject, isParsedSql } from "../../src/check/parse-cache.js";
import { runCli, tempProject } from "../helpers/cli.js";

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const MANIFEST = JSON.stringify({
  metadata: {
    dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
    adapter_type: "postgres",
  },
  nodes: {},
});

describe("--cache entries of the wrong shape are parsed again, never trusted", () => {
  it.each([
    ["an empty object", "{}"],
    ["an array", "[]"],
    ["null", "null"],
    ["a statement without a span", '{"statements":[{"statementType":"x","changes":[]}],"errors":[]}'],
    [
      "a change without a kind",
      '{"statements":[{"statementType":"x","span":{"start":0,"end":1},"changes":[{}]}],"errors":[]}',
    ],
    [
      "a span past the text",
      '{"statements":[{"statementType":"x","span":{"start":0,"end":99999},"changes":[]}],"errors":[]}',
    ],
    ["truncated JSON", '{"statements":['],
  ])("%s", async (_label, entry) => {
    const project = tempProject({
      "migrations/001_a.sql": "create table a (id int primary key, name text);\n",
      "migrations/002_b.sql": "alter table a drop column name;\n",
      "target/manifest.json": MANIFEST,
    });
    try {
      const args = [
        "check",
        "--cache",
        "--cache-dir",
        "cache",
        "--manifest",
        "target/manifest.json",
        "--format",
        "json",
      ];
      const first = await runCli(args, project.dir);
      for (const file of filesUnder(path.join(project.dir, "cache/parse"))) writeFileSync(file, entry);
      for (const file of filesUnder(path.join(project.dir, "cache/dbt")))
        writeFileSync(file, serialize({ nodes: 1 }));
      const second = await runCli(args, project.dir);
      expect(second.stderr).toBe("");
      expect(second.code).toBe(first.code);
      expect(second.stdout).toBe(first.stdout);
    } finally {
      project.cleanup();
    }
  });

  it("accepts a parse and a project of the right shape", () => {
    const parse = {
      statements: [{ statementType: "x", span: { start: 0, end: 3 }, changes: [] }],
      errors: [],
    };
    expect(isParsedSql(parse, 3)).toBe(true);
    expect(isParsedSql(parse, 2)).toBe(false);
    const project = {
      manifestPath: "m.json",
      adapter: "postgres",
      nodes: new Map([["model.a", { uniqueId: "model.a", columns: new Map(), dependsOn: [] }]]),
      childMap: new Map([["model.a", []]]),
      parentMap: new Map([["model.a", []]]),
    };
    expect(isDbtProject(project)).toBe(true);
    expect(isDbtProject({ ...project, nodes: new Map([["model.a", { uniqueId: "model.a" }]]) })).toBe(false);
  });
});
