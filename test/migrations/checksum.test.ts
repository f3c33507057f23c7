import { describe, expect, it } from "vitest";
import { createDialect } from "../../src/dialects/index.js";
import { migrationChecksum } from "../../src/migrations/checksum.js";

const SCRIPT = "CREATE TABLE trades (\n  id bigint PRIMARY KEY,\n  price numeric(12, 2)\n);\n";

describe("migrationChecksum: SHA-256 over the dialect lexer's tokens", () => {
  it.each(["postgres", "mysql", "starrocks"] as const)(
    "%s: whitespace and comments never change it; any token does",
    async (name) => {
      const dialect = await createDialect(name);
      const checksum = migrationChecksum(dialect, SCRIPT);
      expect(checksum).toMatch(/^[0-9a-f]{64}$/);
      const reformatted =
        "-- trades, as the exchange sends them\nCREATE TABLE trades (id bigint PRIMARY KEY,\n\n\tprice numeric(12,2) /* cents */);";
      expect(migrationChecksum(dialect, reformatted)).toBe(checksum);
      expect(migrationChecksum(dialect, SCRIPT.replace("12, 2", "12, 3"))).not.toBe(checksum);
      expect(migrationChecksum(dialect, SCRIPT.replace("price", "Price"))).not.toBe(checksum);
    },
  );

  it("counts token boundaries: the same characters cut into other tokens differ", async () => {
    const dialect = await createDialect("postgres");
    expect(migrationChecksum(dialect, "SELECT 1 AS ab;")).not.toBe(
      migrationChecksum(dialect, "SELECT 1 AS a b;"),
    );
    expect(migrationChecksum(dialect, "SELECT 12;")).not.toBe(migrationChecksum(dialect, "SELECT 1 2;"));
  });
});
