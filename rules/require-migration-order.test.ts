import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-migration-order.js";

describe("require-migration-order", () => {
  it("passes a file without the fact", async () => {
    expect(await lint(rule, "SELECT 1;", { fileFacts: { version: "2" } })).toEqual([]);
  });

  it("fails on a new file that sorts before an applied one, at its first statement", async () => {
    expect(
      await lint(rule, "-- add exchange\nALTER TABLE t ADD COLUMN exchange text;\n", {
        history: ["CREATE TABLE t (id bigint PRIMARY KEY);"],
        fileFacts: { version: "20240215", sortsBefore: "migrations/20240301_add_venue.sql" },
      }),
    ).toEqual([
      expect.objectContaining({
        rule: "require-migration-order",
        messageId: "outOfOrder",
        severity: "warning",
        line: 2,
        column: 1,
        message:
          "pending.sql is new but sorts before migrations/20240301_add_venue.sql, which exists at the base: databases that ran migrations/20240301_add_venue.sql run this one after it (or their migration tool refuses it), new databases before it.",
      }),
    ]);
  });
});
