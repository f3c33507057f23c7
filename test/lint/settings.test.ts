import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { emptyConfig, parseConfig } from "../../src/config/config.js";
import { defineRule, type Rule } from "../../src/lint/rule.js";
import { createRuleResolver } from "../../src/lint/settings.js";

const rule = (
  id: string,
  defaultSeverity: "error" | "warning",
  presets: Rule["meta"]["presets"],
  optionsSchema?: Readonly<Record<string, unknown>>,
) =>
  defineRule({
    meta: {
      id,
      description: `the ${id} rule`,
      category: "safety",
      defaultSeverity,
      presets,
      messages: { x: "x" },
      defaultOptions: optionsSchema ? { limit: 10 } : {},
      ...(optionsSchema && { optionsSchema }),
    },
    check() {},
  });

const RULES = [
  rule("ban-drop-column", "error", ["basic", "recommended", "strict"]),
  rule("require-concurrent-index-creation", "warning", ["recommended", "strict"]),
  rule("enforce-naming-convention", "warning", ["strict"], {
    type: "object",
    additionalProperties: false,
    properties: { limit: { type: "integer", minimum: 1 } },
  }),
];

const active = (config = emptyConfig(), file = "migrations/001.sql") =>
  createRuleResolver(
    RULES,
    config,
    "/repo",
  )(file).map((entry) => [entry.rule.meta.id, entry.severity, entry.options]);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const config = (yaml: string, file = "/repo/schematic.yml") => {
  const loaded = parseConfig(yaml, file);
  expect(loaded.errors).toEqual([]);
  return loaded.config;
};

describe("rule settings", () => {
  it("uses the recommended preset by default", () => {
    expect(active()).toEqual([
      ["ban-drop-column", "error", {}],
      ["require-concurrent-index-creation", "warning", {}],
    ]);
  });

  it.each([
    ["basic", [["ban-drop-column", "error", {}]]],
    [
      "strict",
      [
        ["ban-drop-column", "error", {}],
        ["require-concurrent-index-creation", "error", {}],
        ["enforce-naming-convention", "error", { limit: 10 }],
      ],
    ],
  ])("extends %s", (preset, expected) => {
    expect(active(config(`extends: ${preset}\n`))).toEqual(expected);
  });

  it("applies rules: after the preset, merging options", () => {
    expect(
      active(
        config(
          "extends: basic\nrules:\n  enforce-naming-convention: [warning, { limit: 3 }]\n  ban-drop-column: off\n",
        ),
      ),
    ).toEqual([["enforce-naming-convention", "warning", { limit: 3 }]]);
  });

  it("applies overrides to matching files only, the last match winning", () => {
    const settings = config(
      "overrides:\n  - files: migrations/legacy/**\n    rules: { ban-drop-column: off }\n  - files: [migrations/legacy/0001_*.sql]\n    rules: { ban-drop-column: warning }\n",
    );
    expect(active(settings, "migrations/legacy/0002_x.sql")).toEqual([
      ["require-concurrent-index-creation", "warning", {}],
    ]);
    expect(active(settings, "migrations/legacy/0001_x.sql")[0]).toEqual(["ban-drop-column", "warning", {}]);
    expect(active(settings, "migrations/0003_y.sql")[0]).toEqual(["ban-drop-column", "error", {}]);
  });

  it("extends another configuration file", () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-settings-"));
    writeFileSync(path.join(dir, "team.yml"), "extends: strict\nrules:\n  ban-drop-column: warning\n");
    const settings = config(
      "extends: team.yml\nrules:\n  require-concurrent-index-creation: off\n",
      path.join(dir, "schematic.yml"),
    );
    expect(active(settings)).toEqual([
      ["ban-drop-column", "warning", {}],
      ["enforce-naming-convention", "error", { limit: 10 }],
    ]);
  });

  it.each([
    ["an unknown rule id", "rules:\n  ban-everything: error\n", /\/rules\/ban-everything: unknown rule id/],
    [
      "an unknown option",
      "rules:\n  enforce-naming-convention: [error, { limt: 3 }]\n",
      /\/rules\/enforce-naming-convention\/1\/limt: unknown option/,
    ],
    [
      "an invalid option value",
      "rules:\n  enforce-naming-convention: [error, { limit: 0 }]\n",
      /\/rules\/enforce-naming-convention\/1\/limit: must be >= 1/,
    ],
    [
      "options for a rule without any",
      "rules:\n  ban-drop-column: [error, { x: 1 }]\n",
      /ban-drop-column takes no options/,
    ],
    [
      "an unknown id in an override",
      "overrides:\n  - files: a/**\n    rules: { nope: off }\n",
      /\/overrides\/0\/rules\/nope: unknown rule id/,
    ],
  ])("rejects %s with its path", (_label, yaml, message) => {
    expect(() => active(config(yaml))).toThrowError(message);
  });
});
