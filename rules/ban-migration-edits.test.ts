import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-migration-edits.js";

const SQL = "CREATE TABLE raw.trades (id bigint PRIMARY KEY,\n  price numeric, venue text);\n";

describe("ban-migration-edits", () => {
  it("passes a file without the fact (new, unchanged, or no base)", async () => {
    expect(await lint(rule, SQL)).toEqual([]);
    expect(await lint(rule, SQL, { fileFacts: { version: "0003" } })).toEqual([]);
  });

  it("fails at the first edited token", async () => {
    const start = SQL.indexOf("venue");
    expect(
      await lint(rule, SQL, { fileFacts: { editedSinceBase: { span: { start, end: start + 5 } } } }),
    ).toEqual([
      expect.objectContaining({
        rule: "ban-migration-edits",
        messageId: "edited",
        severity: "error",
        line: 2,
        column: 18,
        object: "pending.sql",
        message:
          "pending.sql exists at the base and this change edits its statements: databases that already ran it will not run it again, so they and new databases end up with different schemas.",
      }),
    ]);
  });
});
