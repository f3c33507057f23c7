import { describe, expect, it } from "vitest";
import { findJsonSyntaxError, parseJsonArtifact } from "../../src/dbt/json.js";
import { MANIFEST_KIND, parseManifest } from "../../src/dbt/manifest.js";
import { adapterNaming } from "../../src/dbt/relations.js";
import { frontEndsFor } from "../../src/dbt/sql-lineage/front-ends.js";
import { runCli, tempProject } from "../helpers/cli.js";

function manifest(adapter: string): Record<string, unknown> {
  return {
    metadata: {
      dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
      adapter_type: adapter,
    },
    nodes: {
      "model.p.orders": {
        unique_id: "model.p.orders",
        resource_type: "model",
        name: "orders",
        schema: "public",
        alias: "orders",
        config: { materialized: "view" },
        depends_on: { nodes: [] },
        compiled_code: "select id, total from public.payments",
        columns: {},
      },
    },
    sources: {},
  };
}

describe("JSON nested far deeper than any manifest", () => {
  it("locates the syntax error without recursing (a million levels)", () => {
    const text = `${"[".repeat(1_000_000)}1,}`;
    expect(findJsonSyntaxError(text)).toEqual({
      offset: 1_000_002,
      reason: 'found "}" where a value was expected',
    });
  });

  it("is a manifest-invalid error with line and column", () => {
    const text = `{"a":\n${'{"b":'.repeat(200_000)}`;
    expect(() => parseJsonArtifact(text, "m.json", MANIFEST_KIND)).toThrowError(
      expect.objectContaining({
        code: "manifest-invalid",
        message:
          "The dbt manifest is not valid JSON: it ends where a value was expected (is the file truncated?).",
        location: { file: "m.json", line: 2, column: 1_000_001 },
      }),
    );
  });

  it("agrees with JSON.parse on what is valid", () => {
    for (const text of [
      '{"a":[1,{"b":null}],"c":"d"}',
      "[[],[[]],{}]",
      '{"a":1,}',
      "[1,,2]",
      '{"a" 1}',
      "[]]",
    ]) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findJsonSyntaxError(text) === undefined, text).toBe(valid);
    }
  });
});

describe("words from input never read Object.prototype", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "adapter_type %s reads as an unknown adapter",
    (adapter) => {
      expect(adapterNaming(adapter)).toEqual(adapterNaming("some-new-adapter"));
      expect(frontEndsFor(adapter)).toEqual(frontEndsFor("some-new-adapter"));
      expect(parseManifest(manifest(adapter), "m.json").adapter).toBe(adapter.toLowerCase());
    },
  );

  it.each(["__proto__", "constructor"])("a check against a manifest of adapter %s runs", async (adapter) => {
    const made = tempProject({
      "migrations/001_a.sql": "create table payments (id int primary key, total int);\n",
      "migrations/002_b.sql": "alter table payments drop column total;\n",
      "target/manifest.json": JSON.stringify(manifest(adapter)),
    });
    try {
      const run = await runCli(["check", "--manifest", "target/manifest.json", "--format", "json"], made.dir);
      expect(run.stderr).toBe("");
      const report = JSON.parse(run.stdout);
      expect(report.checked.dbt.adapter).toBe(adapter);
      expect(run.code).toBe(report.blocked ? 1 : 0);
    } finally {
      made.cleanup();
    }
  });

  it.each(["constructor", "__proto__", "toString"])(
    "a column of type %s and a migrations subfolder named so are read as plain words",
    async (word) => {
      const made = tempProject({
        [`migrations/${word}/001_a.sql`]: `create table t (id int primary key, c ${word});\n`,
      });
      try {
        const run = await runCli(["check", "--format", "json"], made.dir);
        expect(run.stderr).toBe("");
        expect(JSON.parse(run.stdout).checked.migrations).toBe(1);
      } finally {
        made.cleanup();
      }
    },
  );
});
