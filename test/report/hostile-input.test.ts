import { describe, expect, it } from "vitest";
import { emptyCatalog } from "../../src/catalog/model.js";
import type { CheckResult } from "../../src/check/check.js";
import { POSTGRES_IDENTIFIERS } from "../../src/dialects/identifiers.js";
import type { Diagnostic } from "../../src/lint/diagnostic.js";
import { formatGithub } from "../../src/report/github.js";
import { formatJson } from "../../src/report/json.js";
import { codeSpan, escapeMarkdown, formatMarkdown } from "../../src/report/markdown.js";
import { formatSarif } from "../../src/report/sarif.js";
import { sarifUri } from "../../src/report/sarif-log.js";
import { formatText } from "../../src/report/text.js";
import { visibleControls } from "../../src/report/visible.js";
import { runCli, tempProject } from "../helpers/cli.js";

function resultWith(file: string, source: string, diagnostic: Partial<Diagnostic>): CheckResult {
  return {
    blocked: true,
    summary: { errors: 1, warnings: 0, infos: 0 },
    diagnostics: [
      {
        rule: "ban-drop-table",
        severity: "error",
        messageId: "x",
        message: "finding",
        file,
        span: { start: 0, end: source.indexOf(";") },
        impacts: [],
        pending: true,
        ...diagnostic,
      },
    ],
    sources: new Map([[file, source]]),
    dialect: "postgres",
    migrationsChecked: 1,
    pendingFiles: [file],
    excludedFiles: [],
    statements: 1,
    notes: [],
    catalog: emptyCatalog("public", POSTGRES_IDENTIFIERS),
  };
}

const ALL_FORMATS: readonly [string, (result: CheckResult) => string][] = [
  ["text", (result) => formatText(result, { color: true })],
  ["json", formatJson],
  ["sarif", (result) => formatSarif(result, { rules: [], version: "0", repoRelative: (file) => file })],
  ["github", formatGithub],
  ["markdown", (result) => formatMarkdown(result)],
];

describe("secrets are redacted in every report, not only on stderr", () => {
  const source = "CREATE USER app WITH PASSWORD 'hunter2';\nALTER USER 'u'@'%' IDENTIFIED BY 'swordfish';\n";
  const result = resultWith("m.sql", source, {
    message:
      "Statement not understood (CREATE USER app WITH PASSWORD 'hunter2'); see postgres://app:swordfish@db/x",
    help: "Connect with host=db password=swordfish.",
    object: "IDENTIFIED BY 'swordfish'",
  });

  it.each(ALL_FORMATS)("%s", (_format, format) => {
    const output = format(result);
    expect(output).not.toContain("hunter2");
    expect(output).not.toContain("swordfish");
    expect(output).toMatch(/'(\\?\*){3}'/);
  });

  it("text shows the source line with the password masked", () => {
    expect(formatText(result, { color: false })).toContain("1 | CREATE USER app WITH PASSWORD '***';");
  });

  it("a parse error quoting a password on stderr, and its JSON error object, are masked", async () => {
    const project = tempProject({
      "migrations/001_a.sql": "CREATE ROLE app LOGIN PASSWORD 'hunter2' BOGUS WORDS HERE;\n",
    });
    try {
      const run = await runCli(["check", "--format", "json"], project.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toContain("hunter2");
      expect(run.stdout).not.toContain("hunter2");
    } finally {
      project.cleanup();
    }
  });
});

describe("terminal escapes in a migration are shown, never sent to the terminal", () => {
  it("text: control bytes become control pictures, and the underline still lines up", () => {
    const source = "DROP TABLE \u001b[2Jevil\u0007;\n";
    const output = formatText(
      resultWith("m\u001b]0;title\u0007.sql", source, { message: "Table \u001b[31mevil is dropped." }),
      { color: true },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the report's own colour codes
    const withoutOwnColours = output.replace(/\u001b\[\d+m/g, "");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no other control character is left
    expect(withoutOwnColours).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(withoutOwnColours).toContain("Table ␛[31mevil is dropped.");
    expect(withoutOwnColours).toContain("1 | DROP TABLE ␛[2Jevil␇;");
    expect(withoutOwnColours).toContain("  | ^^^^^^^^^^^^^^^^^^^^");
    expect(withoutOwnColours).toContain("--> m␛]0;title␇.sql:1:1");
  });

  it("visibleControls keeps newlines and tabs, and masks C1 controls and bidi overrides", () => {
    expect(visibleControls("a\tb\nc\u0000\u009b\u202e\u2066\r")).toBe("a\tb\nc␀\ufffd\ufffd\ufffd␍");
  });

  it("github: control bytes in an annotation are shown", () => {
    const output = formatGithub(resultWith("m.sql", "DROP TABLE t;", { message: "x\u001b[8my" }));
    expect(output).toContain("::x␛[8my");
  });
});

describe("markdown escapes what comes from input", () => {
  it.each([
    ["<b>bold</b> & <img src=x>", "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;"],
    ["a | b", "a \\| b"],
    [
      "*not* _emphasis_ [link](x) `code` ~~s~~",
      "\\*not\\* \\_emphasis\\_ \\[link\\](x) \\`code\\` \\~\\~s\\~\\~",
    ],
    ["ping @octocat", "ping &#64;octocat"],
    ["line\nbreak", "line break"],
  ])("%j", (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });

  it("code spans hold backticks and pipes", () => {
    expect(codeSpan("model.a")).toBe("`model.a`");
    expect(codeSpan("we`ird|name")).toBe("`` we`ird\\|name ``");
  });

  it("a model named <b> in a finding is text in the pull-request comment", () => {
    const output = formatMarkdown(
      resultWith("m.sql", "DROP TABLE t;", {
        message: "model <b>x</b> | reads it",
        impacts: [
          {
            unique_id: "model.p.<script>",
            kind: "model<i>",
            name: "x",
            direct: true,
            usage: [],
            basis: "graph",
            owner: "Eve <eve@example.com>",
          },
        ],
      }),
    );
    expect(output).not.toMatch(/<(b|i)>/);
    expect(output).toContain("model &lt;b&gt;x&lt;/b&gt; \\| reads it");
    expect(output).toContain(
      "| `model.p.<script>` | model&lt;i&gt; | direct: depends on it (owner: Eve &lt;eve&#64;example.com&gt;) |",
    );
  });
});

describe("SARIF artifact URIs are percent-encoded", () => {
  it.each([
    ["migrations/001_init.sql", "migrations/001_init.sql"],
    ["migrations/with space/001 a#1.sql", "migrations/with%20space/001%20a%231.sql"],
    ["migrations/new\nline%.sql", "migrations/new%0Aline%25.sql"],
    ["/abs/dir/a b.sql", "file:///abs/dir/a%20b.sql"],
  ])("%j", (file, uri) => {
    expect(sarifUri(file)).toBe(uri);
  });

  it("in a SARIF log", () => {
    const sarif = JSON.parse(ALL_FORMATS[2]![1](resultWith("dir/a b.sql", "DROP TABLE t;", {})));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("dir/a%20b.sql");
  });
});

describe("a source line of megabytes is shown around the finding, not whole", () => {
  it("clips to 200 characters with … and keeps the underline under the span", async () => {
    const { clipLine } = await import("../../src/report/text.js");
    const line = `${"x".repeat(1000)}DROP${"y".repeat(1000)}`;
    const clipped = clipLine([...line], 1001, 1005);
    expect(clipped.text).toHaveLength(202);
    expect(clipped.text.startsWith("…")).toBe(true);
    expect(clipped.text.endsWith("…")).toBe(true);
    expect([...clipped.text].slice(clipped.from - 1, clipped.to - 1).join("")).toBe("DROP");
    expect(clipLine([..."short"], 2, 4)).toEqual({ text: "short", from: 2, to: 4 });
  });

  it("in the text report", () => {
    const source = `DROP TABLE t${", u".repeat(100_000)};`;
    const output = formatText(resultWith("m.sql", source, {}), { color: false });
    expect(output.length).toBeLessThan(2000);
  });
});

describe("thousands of findings on one long line", () => {
  it("render in linear time: the line is prepared once, columns are not recounted", () => {
    const source = `${"select 1; ".repeat(10_000)}\n`;
    const diagnostics: Diagnostic[] = Array.from({ length: 5_000 }, (_, i) => ({
      rule: "ban-drop-table",
      severity: "error",
      messageId: "x",
      message: "finding",
      file: "m.sql",
      span: { start: i * 10, end: i * 10 + 8 },
      impacts: [],
      pending: true,
    }));
    const result = { ...resultWith("m.sql", source, {}), diagnostics };
    const started = performance.now();
    const output = formatText(result, { color: false });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(output).toContain(" --> m.sql:1:49991");
  });
});

describe("markdown with thousands of findings in one file", () => {
  it("groups them in linear time", () => {
    const diagnostics: Diagnostic[] = Array.from({ length: 20_000 }, (_, i) => ({
      rule: "ban-drop-table",
      severity: "error",
      messageId: "x",
      message: "finding",
      file: "m.sql",
      span: { start: i, end: i + 1 },
      impacts: [],
      pending: true,
    }));
    const started = performance.now();
    formatMarkdown({ ...resultWith("m.sql", "x".repeat(20_001), {}), diagnostics });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
