import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-not-valid-constraints.js";

const HISTORY = [
  "CREATE TABLE raw.venues (id text PRIMARY KEY);",
  "CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text, price numeric);",
];
const FK =
  "ALTER TABLE raw.trades ADD CONSTRAINT trades_venue_fk FOREIGN KEY (venue) REFERENCES raw.venues (id)";
const CHECK = "ALTER TABLE raw.trades ADD CONSTRAINT trades_price_positive CHECK (price > 0)";

describe("require-not-valid-constraints", () => {
  it.each([
    ["a foreign key NOT VALID", `${FK} NOT VALID;`],
    ["a CHECK NOT VALID", `${CHECK} NOT VALID;`],
    [
      "VALIDATE after a COMMIT ended the transaction of the NOT VALID",
      `BEGIN;\n${CHECK} NOT VALID;\nCOMMIT;\nALTER TABLE raw.trades VALIDATE CONSTRAINT trades_price_positive;`,
    ],
    [
      "a constraint on a table created in the same file",
      "CREATE TABLE raw.fills (id bigint, venue text);\nALTER TABLE raw.fills ADD CONSTRAINT fills_venue_fk FOREIGN KEY (venue) REFERENCES raw.venues (id);\nALTER TABLE raw.fills ADD CONSTRAINT fills_id_positive CHECK (id > 0);",
    ],
    [
      "REFERENCES on ADD COLUMN IF NOT EXISTS of a column that is there",
      "ALTER TABLE raw.trades ADD COLUMN IF NOT EXISTS venue text REFERENCES raw.venues (id);",
    ],
    [
      "UNIQUE (an index build, not a validating scan)",
      "ALTER TABLE raw.trades ADD CONSTRAINT trades_id_key UNIQUE (id);",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([]);
  });

  it("passes: VALIDATE of a constraint added NOT VALID by an earlier migration", async () => {
    const history = [...HISTORY, `${CHECK} NOT VALID;`];
    const sql = "ALTER TABLE raw.trades VALIDATE CONSTRAINT trades_price_positive;";
    expect(await lint(rule, sql, { history })).toEqual([]);
  });

  it.each([
    [
      "a foreign key",
      `${FK};`,
      "foreignKey",
      1,
      28,
      "Foreign key trades_venue_fk is added to existing table raw.trades without NOT VALID: checking every row holds a lock that blocks writes to raw.trades and raw.venues until the scan ends.",
    ],
    [
      "a CHECK",
      `\n${CHECK};`,
      "check",
      2,
      28,
      "CHECK constraint trades_price_positive is added to existing table raw.trades without NOT VALID: checking every row holds an ACCESS EXCLUSIVE lock that blocks reads and writes until the scan ends.",
    ],
    [
      "an unnamed foreign key",
      "ALTER TABLE raw.trades ADD FOREIGN KEY (venue) REFERENCES raw.venues;",
      "foreignKey",
      1,
      28,
      "Foreign key (unnamed) is added to existing table raw.trades without NOT VALID: checking every row holds a lock that blocks writes to raw.trades and raw.venues until the scan ends.",
    ],
    [
      "REFERENCES written on ADD COLUMN",
      "ALTER TABLE raw.trades ADD COLUMN venue_id text REFERENCES raw.venues (id);",
      "foreignKey",
      1,
      35,
      "Foreign key (unnamed) is added to existing table raw.trades without NOT VALID: checking every row holds a lock that blocks writes to raw.trades and raw.venues until the scan ends.",
    ],
    [
      "CHECK written on ADD COLUMN",
      "ALTER TABLE raw.trades ADD COLUMN qty int DEFAULT 1 CHECK (qty > 0);",
      "check",
      1,
      35,
      "CHECK constraint (unnamed) is added to existing table raw.trades without NOT VALID: checking every row holds an ACCESS EXCLUSIVE lock that blocks reads and writes until the scan ends.",
    ],
    [
      "VALIDATE in the same file (one transaction) as the NOT VALID",
      `${CHECK} NOT VALID;\nALTER TABLE raw.trades VALIDATE CONSTRAINT trades_price_positive;`,
      "validatedInSameTransaction",
      2,
      24,
      "Constraint trades_price_positive on raw.trades is validated in the same transaction that added it NOT VALID: the lock the ADD took is still held during the validating scan.",
    ],
    [
      "VALIDATE in the same explicit transaction block",
      `COMMIT;\nBEGIN;\n${FK} NOT VALID;\nALTER TABLE raw.trades VALIDATE CONSTRAINT trades_venue_fk;\nCOMMIT;`,
      "validatedInSameTransaction",
      4,
      24,
      "Constraint trades_venue_fk on raw.trades is validated in the same transaction that added it NOT VALID: the lock the ADD took is still held during the validating scan.",
    ],
  ])("fails: %s", async (_label, sql, messageId, line, column, message) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([
      expect.objectContaining({
        rule: "require-not-valid-constraints",
        severity: "warning",
        messageId,
        line,
        column,
        object: "raw.trades",
        message,
      }),
    ]);
  });

  it("reports a table the migrations never created (assumed to hold rows)", async () => {
    const findings = await lint(rule, "ALTER TABLE raw.loaded ADD CONSTRAINT loaded_x CHECK (x > 0);", {
      history: HISTORY,
    });
    expect(findings.map((finding) => [finding.messageId, finding.object])).toEqual([["check", "raw.loaded"]]);
  });

  it("stays silent where constraints cannot be added NOT VALID (MySQL)", async () => {
    const history = [
      "CREATE TABLE venues (id varchar(8) PRIMARY KEY);",
      "CREATE TABLE trades (id bigint PRIMARY KEY, venue varchar(8), price decimal(18,6));",
    ];
    const sql =
      "ALTER TABLE trades ADD CONSTRAINT trades_venue_fk FOREIGN KEY (venue) REFERENCES venues (id);\nALTER TABLE trades ADD CONSTRAINT trades_price_positive CHECK (price > 0);";
    expect(await lint(rule, sql, { dialect: "mysql", history })).toEqual([]);
  });
});
