import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-duplicate-versions.js";

describe("ban-duplicate-versions", () => {
  it("passes a file whose version is its own", async () => {
    expect(await lint(rule, "SELECT 1;", { fileFacts: { version: "0008" } })).toEqual([]);
  });

  it.each([
    [["migrations/0008_add_venue.sql"], "which migrations/0008_add_venue.sql also has"],
    [
      ["migrations/0008_a.sql", "migrations/008_b.sql"],
      "which migrations/0008_a.sql and migrations/008_b.sql also have",
    ],
  ])("fails naming the other files: %j", async (others, named) => {
    const findings = await lint(rule, "\nSELECT 1;\n", {
      fileFacts: { version: "0008", sameVersionAs: others },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-duplicate-versions",
        messageId: "duplicate",
        severity: "error",
        line: 2,
        column: 1,
        object: "pending.sql",
        message: `pending.sql has version 0008, ${named}: a migration tool records one version once, so it refuses the second file or never runs it.`,
      }),
    ]);
  });

  it("points at the start of a file without statements", async () => {
    const findings = await lint(rule, "-- nothing yet\n", {
      fileFacts: { version: "1", sameVersionAs: ["migrations/1_a.sql"] },
    });
    expect(findings.map((finding) => [finding.line, finding.column])).toEqual([[1, 1]]);
  });
});
