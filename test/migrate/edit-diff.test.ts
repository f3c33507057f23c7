import { describe, expect, it } from "vitest";
import { tokenChanges } from "../../src/migrate/edit-diff.js";

const tokens = (text: string) =>
  text.split("\n").flatMap((line, index) =>
    line
      .split(" ")
      .filter(Boolean)
      .map((token) => ({ text: token, line: index + 1 })),
  );

describe("tokenChanges", () => {
  it.each([
    ["no change", "a b c", "a b c", []],
    [
      "one replaced",
      "CREATE TABLE t ( id bigint )",
      "CREATE TABLE t ( id int8 )",
      [{ line: 1, removed: ["bigint"], added: ["int8"] }],
    ],
    ["added on a later line", "a b\nc", "a b\nx c", [{ line: 2, removed: [], added: ["x"] }]],
    ["removed at the end", "a b c", "a b", [{ line: 1, removed: ["c"], added: [] }]],
    [
      "two separate runs",
      "a b c d e",
      "a X c d Y",
      [
        { line: 1, removed: ["b"], added: ["X"] },
        { line: 1, removed: ["e"], added: ["Y"] },
      ],
    ],
  ])("%s", (_, before, after, expected) => {
    expect(tokenChanges(tokens(before), tokens(after))).toEqual(expected);
  });
});
