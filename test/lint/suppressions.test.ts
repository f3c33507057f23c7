import { describe, expect, it } from "vitest";
import { createPostgresDialect } from "../../src/dialects/postgres/index.js";
import type { Diagnostic } from "../../src/lint/diagnostic.js";
import { applySuppressions } from "../../src/lint/suppressions.js";
import { LineIndex } from "../../src/sql/span.js";

const KNOWN = new Set(["ban-drop-column", "ban-drop-table", "require-lock-timeout"]);

/** One finding per statement of `text`, for each rule named, as a rule would report it. */
async function run(text: string, rules: readonly string[], today = "2026-11-22") {
  const dialect = await createPostgresDialect();
  const { statements } = dialect.parse(text);
  const diagnostics: Diagnostic[] = statements.flatMap((statement) =>
    rules.map((rule) => ({
      rule,
      severity: "error" as const,
      messageId: "x",
      message: `${rule} here`,
      file: "m.sql",
      span: statement.span,
      impacts: [],
      pending: true,
    })),
  );
  const lines = new LineIndex(text);
  return applySuppressions(diagnostics, [{ path: "m.sql", text, statements, pending: true }], {
    knownRules: KNOWN,
    today,
  }).map((d) => [d.rule, lines.position(d.span.start).line, d.severity]);
}

describe("suppressions", () => {
  it("silences the named rules on the next statement only", async () => {
    const text = [
      '-- schematic-ignore ban-drop-column reason="moved to trades_v2 in 0041"',
      "ALTER TABLE t DROP COLUMN a;",
      "ALTER TABLE t DROP COLUMN b;",
    ].join("\n");
    expect(await run(text, ["ban-drop-column", "require-lock-timeout"])).toEqual([
      ["require-lock-timeout", 2, "error"],
      ["ban-drop-column", 3, "error"],
      ["require-lock-timeout", 3, "error"],
    ]);
  });

  it("takes several ids, single quotes and an expiry in the future", async () => {
    const text =
      "-- schematic-ignore ban-drop-column, require-lock-timeout reason='ok' expires=2027-01-01\nALTER TABLE t DROP COLUMN a;";
    expect(await run(text, ["ban-drop-column", "require-lock-timeout"])).toEqual([]);
  });

  it("silences a rule in the whole file", async () => {
    const text =
      '-- schematic-ignore-file ban-drop-column reason="cleanup release"\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t DROP COLUMN b;';
    expect(await run(text, ["ban-drop-column"])).toEqual([]);
  });

  it.each([
    ["no reason", "-- schematic-ignore ban-drop-column\nALTER TABLE t DROP COLUMN a;"],
    ["an empty reason", '-- schematic-ignore ban-drop-column reason=""\nALTER TABLE t DROP COLUMN a;'],
    ["an unknown rule", '-- schematic-ignore ban-everything reason="x"\nALTER TABLE t DROP COLUMN a;'],
    [
      "a bad date",
      '-- schematic-ignore ban-drop-column reason="x" expires=next-week\nALTER TABLE t DROP COLUMN a;',
    ],
    ["nothing after it", 'ALTER TABLE t DROP COLUMN a;\n-- schematic-ignore ban-drop-column reason="x"'],
  ])("rejects a suppression with %s, and the finding stays", async (_label, text) => {
    const findings = await run(text, ["ban-drop-column"]);
    expect(findings).toContainEqual(["suppression-invalid", expect.any(Number), "error"]);
    expect(findings).toContainEqual(["ban-drop-column", expect.any(Number), "error"]);
  });

  it("reports an expired suppression, and the finding comes back", async () => {
    const text =
      '-- schematic-ignore ban-drop-column reason="x" expires=2026-11-01\nALTER TABLE t DROP COLUMN a;';
    expect(await run(text, ["ban-drop-column"])).toEqual([
      ["ban-drop-column", 2, "error"],
      ["suppression-expired", 1, "warning"],
    ]);
  });

  it("reports a suppression that silences nothing", async () => {
    const text = '-- schematic-ignore ban-drop-table reason="x"\nALTER TABLE t DROP COLUMN a;';
    expect(await run(text, ["ban-drop-column"])).toEqual([
      ["ban-drop-column", 2, "error"],
      ["suppression-unused", 1, "warning"],
    ]);
  });

  it("ignores the words inside a string literal", async () => {
    const text =
      "INSERT INTO notes VALUES ('\n-- schematic-ignore ban-drop-column');\nALTER TABLE t DROP COLUMN a;";
    expect(await run(text, ["ban-drop-column"])).toEqual([
      ["ban-drop-column", 1, "error"],
      ["ban-drop-column", 3, "error"],
    ]);
  });
});
