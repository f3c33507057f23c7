import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-ignored-references.js";

const OWNERS = "CREATE TABLE owners (id bigint PRIMARY KEY);";

describe("ban-ignored-references", () => {
  it.each([
    [
      "a table-level FOREIGN KEY",
      "CREATE TABLE pets (id int PRIMARY KEY, owner_id bigint, FOREIGN KEY (owner_id) REFERENCES owners (id));",
    ],
    [
      "ADD CONSTRAINT … FOREIGN KEY",
      "ALTER TABLE owners ADD parent_id bigint, ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES owners (id);",
    ],
    ["a column without REFERENCES", "CREATE TABLE pets (id int PRIMARY KEY, owner_id bigint);"],
  ])("passes on MySQL: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { dialect: "mysql", history: [OWNERS] })).toEqual([]);
  });

  it.each([
    [
      "inline REFERENCES in CREATE TABLE",
      "CREATE TABLE pets (\n  id int PRIMARY KEY,\n  owner_id bigint REFERENCES owners (id)\n);",
      3,
      3,
      "pets.owner_id",
      "Column pets.owner_id declares REFERENCES owners (id) in its definition: the database parses that clause and ignores it",
    ],
    [
      "inline REFERENCES in ADD COLUMN",
      "ALTER TABLE owners ADD COLUMN parent_id bigint REFERENCES owners (id) ON DELETE CASCADE;",
      1,
      48,
      "owners.parent_id",
      "declares REFERENCES owners (id)",
    ],
    [
      "inline REFERENCES in MODIFY",
      "ALTER TABLE owners MODIFY id bigint REFERENCES other.parents (id);",
      1,
      37,
      "owners.id",
      "declares REFERENCES other.parents (id)",
    ],
  ])("fails on MySQL: %s", async (_label, sql, line, column, object, message) => {
    const findings = await lint(rule, sql, { dialect: "mysql", history: [OWNERS] });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-ignored-references",
        messageId: "ignoredReferences",
        severity: "error",
        line,
        column,
        object,
      }),
    ]);
    expect(findings[0]!.message).toContain(message);
  });

  it("reports every inline REFERENCES of a table, on its own column", async () => {
    const findings = await lint(
      rule,
      "CREATE TABLE pets (a bigint REFERENCES owners (id), b bigint REFERENCES owners (id));",
      { dialect: "mysql", history: [OWNERS] },
    );
    expect(findings.map((f) => [f.object, f.column])).toEqual([
      ["pets.a", 20],
      ["pets.b", 53],
    ]);
  });

  it("passes PostgreSQL inline REFERENCES, which it enforces", async () => {
    expect(
      await lint(
        rule,
        "CREATE TABLE raw.pets (id int PRIMARY KEY, owner_id bigint REFERENCES raw.owners (id));",
        {
          history: ["CREATE TABLE raw.owners (id bigint PRIMARY KEY);"],
        },
      ),
    ).toEqual([]);
  });

  it("passes StarRocks foreign_key_constraints, which are informational by design", async () => {
    expect(
      await lint(
        rule,
        `CREATE TABLE orders (id BIGINT, owner_id BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id)
PROPERTIES ("foreign_key_constraints" = "(owner_id) REFERENCES owners(id)");`,
        {
          dialect: "starrocks",
          history: ["CREATE TABLE owners (id BIGINT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id);"],
        },
      ),
    ).toEqual([]);
  });
});
