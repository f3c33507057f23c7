import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonArtifact, prefetchArtifact } from "../../src/dbt/json.js";
import { MANIFEST_KIND } from "../../src/dbt/manifest.js";
import { SchematicError } from "../../src/errors.js";

describe("prefetchArtifact: an artifact read off the main thread", () => {
  it("gives the bytes, which parse as readJsonArtifact would", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "schematic-json-"));
    try {
      const file = path.join(dir, "manifest.json");
      writeFileSync(file, '\ufeff{"metadata": {"é": 1}}');
      const bytes = await prefetchArtifact(file, MANIFEST_KIND);
      expect(parseJsonArtifact(bytes.toString("utf8"), file, MANIFEST_KIND)).toEqual({ metadata: { é: 1 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects with the errors a synchronous read gives: missing file, then unreadable path", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "schematic-json-"));
    try {
      const missing = await prefetchArtifact(path.join(dir, "nope.json"), MANIFEST_KIND).catch((e) => e);
      expect(missing).toBeInstanceOf(SchematicError);
      expect(missing).toMatchObject({
        code: "manifest-not-found",
        message: expect.stringContaining("No dbt manifest at"),
      });
      const directory = await prefetchArtifact(dir, MANIFEST_KIND).catch((e) => e);
      expect(directory).toMatchObject({
        code: "io",
        message: "The dbt manifest is a folder, not a file.",
        location: { file: dir },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
