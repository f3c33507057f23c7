import { describe, expect, it } from "vitest";
import {
  remapSpans,
  substitutePlaceholders,
  unconfiguredSyntaxesIn,
} from "../../src/migrations/placeholders.js";

describe("substitutePlaceholders", () => {
  it("replaces known placeholders and maps offsets back to the file", () => {
    const text = "CREATE TABLE ${raw_schema}.trades (x int);\nALTER TABLE ${raw_schema}.t ADD y int;";
    const result = substitutePlaceholders(text, { raw_schema: "raw" });
    expect(result.text).toBe("CREATE TABLE raw.trades (x int);\nALTER TABLE raw.t ADD y int;");
    const alterInNew = result.text.indexOf("ALTER");
    expect(result.toOriginal(alterInNew)).toBe(text.indexOf("ALTER"));
    // Offsets inside a substituted value point at the placeholder.
    expect(result.toOriginal(result.text.indexOf("raw.trades") + 1)).toBe(text.indexOf("${raw_schema}"));
    expect(result.toOriginal(0)).toBe(0);
    expect(result.unknown).toEqual([]);
  });

  it("handles values longer than the placeholder", () => {
    const text = "${s}.a; ${s}.b";
    const result = substitutePlaceholders(text, { s: "a_very_long_schema" });
    expect(result.toOriginal(result.text.indexOf("; "))).toBe(text.indexOf("; "));
    expect(result.toOriginal(result.text.length)).toBe(text.length);
  });

  it("reports placeholders without a value and leaves them in place", () => {
    const result = substitutePlaceholders("select ${missing}", {});
    expect(result.text).toBe("select ${missing}");
    expect(result.unknown).toEqual([{ name: "missing", offset: 7 }]);
  });

  it("remaps every span and offset in a nested structure", () => {
    const parsed = {
      statements: [{ span: { start: 10, end: 20 }, changes: [{ span: { start: 12, end: 14 } }] }],
      errors: [{ offset: 30 }],
    };
    expect(remapSpans(parsed, (offset) => offset - 5)).toEqual({
      statements: [{ span: { start: 5, end: 15 }, changes: [{ span: { start: 7, end: 9 } }] }],
      errors: [{ offset: 25 }],
    });
  });
});

describe("placeholder syntaxes", () => {
  it('substitutes Go templates, {{ .Name }} and {{ index .Options "Name" }}, mapping offsets back', () => {
    const text = 'ALTER TABLE {{ index .Options "Namespace" }}.users ADD x int;\nSELECT {{.Schema}}.f();';
    const result = substitutePlaceholders(text, { "Options.Namespace": "auth", Schema: "s" }, [
      "go-template",
    ]);
    expect(result.text).toBe("ALTER TABLE auth.users ADD x int;\nSELECT s.f();");
    expect(result.toOriginal(result.text.indexOf(".users"))).toBe(text.indexOf(".users"));
    expect(result.toOriginal(result.text.indexOf("SELECT"))).toBe(text.indexOf("SELECT"));
    expect(result.unknown).toEqual([]);
  });

  it("reports a Go template without a value by its name", () => {
    const result = substitutePlaceholders("select {{ .Missing }}", {}, ["go-template"]);
    expect(result.unknown).toEqual([{ name: "Missing", offset: 7 }]);
  });

  it("substitutes psql variables as psql does: as is, as a literal, as an identifier", () => {
    const text =
      "CREATE TABLE :schema.t (x text DEFAULT :'who', y int);\nGRANT ALL ON :schema.t TO :\"role\";";
    const result = substitutePlaceholders(text, { schema: "raw", who: "O'Brien", role: "Ops" }, ["psql"]);
    expect(result.text).toBe(
      "CREATE TABLE raw.t (x text DEFAULT 'O''Brien', y int);\nGRANT ALL ON raw.t TO \"Ops\";",
    );
    expect(result.toOriginal(result.text.indexOf("GRANT"))).toBe(text.indexOf("GRANT"));
  });

  it("leaves psql look-alikes alone: casts, strings, comments, dollar-quoted bodies", () => {
    const text =
      "select x::int, ':schema', \":schema\" -- :schema\n/* :schema */ from t;\ndo $$ begin perform :schema; end $$;";
    expect(substitutePlaceholders(text, { schema: "raw", int: "no" }, ["psql"]).text).toBe(text);
  });

  it("leaves other syntaxes alone unless configured, and takes several", () => {
    const text = "create table ${a}.t ();\ncreate table {{ .B }}.u ();";
    expect(substitutePlaceholders(text, { a: "x", B: "y" }).text).toBe(
      "create table x.t ();\ncreate table {{ .B }}.u ();",
    );
    expect(substitutePlaceholders(text, { a: "x", B: "y" }, ["flyway", "go-template"]).text).toBe(
      "create table x.t ();\ncreate table y.u ();",
    );
  });

  it("names the syntaxes a file seems to use that are not configured", () => {
    expect(unconfiguredSyntaxesIn('create table {{ index .Options "Namespace" }}.t ();', ["flyway"])).toEqual(
      ["go-template"],
    );
    expect(unconfiguredSyntaxesIn('create table :"s".t (); select a[1:n] from t;', [])).toEqual(["psql"]);
    expect(unconfiguredSyntaxesIn("select a[1:n] from t;", [])).toEqual([]);
  });
});
