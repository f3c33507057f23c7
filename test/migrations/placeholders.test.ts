import { describe, expect, it } from "vitest";
import { remapSpans, substitutePlaceholders } from "../../src/migrations/placeholders.js";

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
