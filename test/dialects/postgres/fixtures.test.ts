import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { changesOf, postgres, spanTexts } from "./helpers.js";

const fixture = (path: string) =>
  readFileSync(new URL(`../../../fixtures/postgres-migrations/${path}`, import.meta.url), "utf8");

/** supabase/auth renders its placeholders with the schema name before running a migration. */
const renderNamespace = (sql: string) => sql.replace(/\{\{[^}]*\}\}/g, "auth");

describe("real migrations", () => {
  it("crates.io: a guarded DO block with a declared variable, then PRIMARY KEY USING INDEX", () => {
    const sql = fixture("crates-io/2019-03-22-174825_remove_version_downloads_pk.down.sql");
    const changes = changesOf(sql);
    expect(changes.map((change) => change.kind)).toEqual([
      "add_column",
      "create_index",
      "create_index",
      "create_index",
      "drop_constraint",
      "add_constraint",
    ]);
    expect(changes[0]).toEqual({
      kind: "add_column",
      table: { name: "version_downloads" },
      ifNotExists: false,
      column: {
        name: "id",
        type: { family: "integer", name: "integer", raw: "SERIAL", bits: 32 },
        nullable: false,
        default: "nextval('version_downloads_id_seq'::regclass)",
        volatileDefault: true,
        autoIncrement: true,
      },
    });
    expect(changes[3]).toEqual({
      kind: "create_index",
      ifNotExists: false,
      index: {
        name: "index_version_downloads_not_processed",
        table: { name: "version_downloads" },
        columns: ["id"],
        unique: true,
        concurrently: false,
        method: "btree",
        where: "processed = false",
      },
    });
    expect(spanTexts(sql).slice(0, 2)).toEqual([
      "id SERIAL",
      "CREATE UNIQUE INDEX version_downloads_tmp ON version_downloads (id)",
    ]);
  });

  it("supabase/auth: placeholders are a parse error with a hint until rendered", () => {
    const raw = fixture("supabase-auth/20221011041400_add_mfa_indexes.up.sql");
    const parsed = postgres.parse(raw);
    const templateHint =
      "The file contains template placeholders ({{ ... }}): render the template before Schematic reads it, or exclude the file.";
    // ALTER TABLE and both CREATE INDEX fail; the DO block parses, but its body does not.
    expect(parsed.errors.map((error) => [raw.slice(error.offset, error.offset + 2), error.hint])).toEqual([
      ["{{", templateHint],
      ["{{", templateHint],
      ["{{", templateHint],
    ]);
    expect(parsed.statements.flatMap((statement) => statement.changes.map((change) => change.kind))).toEqual([
      "opaque",
    ]);
    expect(changesOf(renderNamespace(raw)).map((change) => change.kind)).toEqual([
      "add_column",
      "add_constraint",
      "create_index",
      "create_index",
    ]);
  });

  it("supabase/auth: EXECUTE of string literals inside a DO block is applied", () => {
    const sql = renderNamespace(
      fixture("supabase-auth/20240806073726_drop_uniqueness_constraint_on_phone.up.sql"),
    );
    expect(changesOf(sql)).toEqual([
      {
        kind: "drop_constraint",
        table: { schema: "auth", name: "mfa_factors" },
        name: "mfa_factors_phone_key",
        ifExists: true,
        cascade: false,
      },
      {
        kind: "drop_index",
        name: "unique_verified_phone_factor",
        schema: "auth",
        ifExists: false,
        concurrently: false,
      },
      {
        kind: "rename_index",
        schema: "auth",
        from: "unique_verified_phone_factor",
        to: "unique_phone_factor_per_user",
      },
    ]);
  });

  it("ory/hydra: one ALTER TABLE with twenty subcommands, each with its own span", () => {
    const sql = fixture("ory-hydra/20251202130532000000_flow_drop_check.postgres.up.sql");
    const changes = changesOf(sql);
    expect(changes).toHaveLength(20);
    expect(changes[0]).toEqual({
      kind: "drop_constraint",
      table: { name: "hydra_oauth2_flow" },
      name: "hydra_oauth2_flow_check",
      ifExists: false,
      cascade: false,
    });
    expect(changes.slice(1).every((change) => change.kind === "set_nullability" && change.nullable)).toBe(
      true,
    );
    expect(spanTexts(sql).slice(0, 2)).toEqual([
      "DROP CONSTRAINT hydra_oauth2_flow_check",
      "ALTER COLUMN requested_scope DROP NOT NULL",
    ]);
  });
});
