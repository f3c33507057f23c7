import { describe, expect, it } from "vitest";
import { extractStarrocksSql } from "../../../bench/corpus/starrocks-docs.js";

describe("extractStarrocksSql", () => {
  it("takes sql fences in any case and skips other languages", () => {
    const markdown = [
      "# Page",
      "```SQL",
      "CREATE TABLE t (a INT);",
      "```",
      "```plaintext",
      "CREATE TABLE [IF NOT EXISTS] name",
      "```",
      "~~~sql",
      "DROP TABLE t;",
      "~~~",
      "```Bash",
      "mysql -h 127.0.0.1",
      "```",
    ].join("\n");
    expect(extractStarrocksSql(markdown)).toEqual(["CREATE TABLE t (a INT);", "DROP TABLE t;"]);
  });

  it("removes list indentation, mysql prompts and terminal output", () => {
    const markdown = [
      "1. Query it.",
      "",
      "    ```sql",
      "    mysql> SELECT * FROM t",
      "        -> WHERE a = 1;",
      "    +------+",
      "    | a    |",
      "    +------+",
      "    |    1 |",
      "    +------+",
      "    1 row in set (0.01 sec)",
      "    ```",
    ].join("\n");
    expect(extractStarrocksSql(markdown)).toEqual(["SELECT * FROM t\nWHERE a = 1;"]);
  });
});
