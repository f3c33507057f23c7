import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParsedSql } from "../../../src/sql/changes.js";
import { changesOf, mysql } from "./helpers.js";

/** Real migrations copied into fixtures/mysql-migrations (see SOURCE.md there). */
function fixture(path: string): string {
  return readFileSync(new URL(`../../../fixtures/mysql-migrations/${path}`, import.meta.url), "utf8");
}

function kindCounts(parsed: ParsedSql): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const statement of parsed.statements) {
    for (const change of statement.changes) counts[change.kind] = (counts[change.kind] ?? 0) + 1;
  }
  return counts;
}

describe("real MySQL migrations", () => {
  it("sakila: a whole schema with DELIMITER blocks, triggers, routines and views", () => {
    const sql = fixture("sakila/mysql-sakila-schema.sql");
    const parsed = mysql.parse(sql);
    expect(parsed.errors).toEqual([]);
    expect(kindCounts(parsed)).toEqual({
      set_option: 10,
      drop_schema: 1,
      create_schema: 1,
      create_table: 16,
      create_index: 23, // 21 KEY / FULLTEXT and 2 UNIQUE KEY
      no_schema_effect: 9,
      create_view: 7,
    });
    const film = changesOf(sql).find(
      (change) => change.kind === "create_table" && change.table.name.name === "film",
    );
    expect(film).toMatchObject({
      table: {
        columns: expect.arrayContaining([
          {
            name: "film_id",
            type: { family: "integer", name: "int", raw: "INT UNSIGNED", bits: 32, unsigned: true },
            nullable: false,
            autoIncrement: true,
          },
          {
            name: "release_year",
            type: { family: "integer", name: "year", raw: "YEAR", bits: 16 },
            nullable: true,
            default: "NULL",
          },
          {
            name: "rating",
            type: {
              family: "enum",
              name: "enum",
              raw: "ENUM('G','PG','PG-13','R','NC-17')",
              values: ["G", "PG", "PG-13", "R", "NC-17"],
            },
            nullable: true,
            default: "'G'",
          },
          {
            name: "rental_rate",
            type: { family: "decimal", name: "decimal", raw: "DECIMAL(4,2)", precision: 4, scale: 2 },
            nullable: false,
            default: "4.99",
          },
          {
            name: "last_update",
            type: { family: "timestamptz", name: "timestamp", raw: "TIMESTAMP", precision: 0 },
            nullable: false,
            default: "CURRENT_TIMESTAMP",
          },
        ]),
        constraints: [
          { kind: "primary_key", columns: ["film_id"] },
          {
            kind: "foreign_key",
            name: "fk_film_language",
            columns: ["language_id"],
            references: {
              table: { name: "language" },
              columns: ["language_id"],
              onDelete: "restrict",
              onUpdate: "cascade",
            },
          },
          {
            kind: "foreign_key",
            name: "fk_film_language_original",
            columns: ["original_language_id"],
            references: {
              table: { name: "language" },
              columns: ["language_id"],
              onDelete: "restrict",
              onUpdate: "cascade",
            },
          },
        ],
        properties: { engine: "InnoDB", charset: "utf8" },
      },
    });
    expect(
      parsed.statements.filter((statement) => statement.statementType.startsWith("CREATE TRIGGER")),
    ).toHaveLength(3);
    // An unnamed UNIQUE KEY is a unique index named after its first column.
    expect(changesOf(sql)).toContainEqual({
      kind: "create_index",
      index: {
        name: "rental_date",
        table: { name: "rental" },
        columns: ["rental_date", "inventory_id", "customer_id"],
        unique: true,
      },
      ifNotExists: false,
    });
  });

  it("authelia: procedures created without DELIMITER, then CALLed to drop keys and indexes", () => {
    const sql = fixture("authelia/V0007.ConsistencyFixes.up.sql");
    const parsed = mysql.parse(sql);
    expect(parsed.errors).toEqual([]);
    expect(kindCounts(parsed)).toEqual({
      no_schema_effect: 4,
      drop_table: 13,
      drop_constraint: 14,
      drop_index: 9,
      create_index: 9,
      alter_column_type: 1,
      data: 1,
      set_properties: 34,
      add_constraint: 13,
    });
    const changes = changesOf(sql);
    expect(changes).toContainEqual({
      kind: "drop_constraint",
      table: { name: "oauth2_consent_session" },
      name: "oauth2_consent_session_subject_fkey",
      constraintKind: "foreign_key",
      ifExists: true,
    });
    expect(changes).toContainEqual({
      kind: "drop_index",
      name: "username",
      table: { name: "duo_devices" },
      ifExists: true,
    });
    expect(changes).toContainEqual({
      kind: "set_properties",
      table: { name: "webauthn_devices" },
      properties: { charset: "utf8mb4", convert_to_charset: "utf8mb4", collate: "utf8mb4_unicode_520_ci" },
    });
  });

  it("ory hydra: comments between clauses, MODIFY and ALTER COLUMN … DROP DEFAULT", () => {
    const changes = changesOf(fixture("ory-hydra/20251119112639000000_flow_drop_defaults.mysql.up.sql"));
    expect(changes.slice(0, 3)).toEqual([
      {
        kind: "alter_column_type",
        table: { name: "hydra_oauth2_flow" },
        column: "forced_subject_identifier",
        type: { family: "string", name: "varchar", raw: "varchar(255)", length: 255 },
        restated: {
          name: "forced_subject_identifier",
          type: { family: "string", name: "varchar", raw: "varchar(255)", length: 255 },
          nullable: true,
        },
      },
      {
        kind: "alter_column_type",
        table: { name: "hydra_oauth2_flow" },
        column: "login_extend_session_lifespan",
        type: { family: "boolean", name: "boolean", raw: "tinyint(1)", bits: 8 },
        restated: {
          name: "login_extend_session_lifespan",
          type: { family: "boolean", name: "boolean", raw: "tinyint(1)", bits: 8 },
          nullable: true,
        },
      },
      { kind: "set_default", table: { name: "hydra_oauth2_flow" }, column: "requested_at_audience" },
    ]);
    expect(changes).toHaveLength(15);
  });
});
