import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("the published package", () => {
  it("builds only src/ and the rules' runtime code: no test, no test helper", () => {
    const listed = execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--listFilesOnly"],
      { cwd: ROOT, encoding: "utf8" },
    )
      .split("\n")
      .filter((file) => file.startsWith(ROOT) && !file.includes("/node_modules/"))
      .map((file) => path.relative(ROOT, file));
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.filter((file) => !/^(src|rules)\//.test(file) && !file.endsWith(".json"))).toEqual([]);
    expect(listed.filter((file) => file.includes(".test."))).toEqual([]);
  }, 60_000);

  it("packs dist/src, dist/rules and dist/schema but never a test file, even one left over in dist/", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "schematic-pack-"));
    try {
      cpSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
      const files = [
        "assets/pglite/empty-cluster.json",
        "assets/pglite/empty-cluster.tar.gz",
        "bin/schematic.js",
        "dist/src/cli/main.js",
        "dist/rules/ban-truncate.js",
        "dist/rules/ban-truncate.test.js",
        "dist/schema/schematic.schema.json",
        "dist/test/helpers/cli.js",
        "schema/schematic.schema.json",
        "rules/ban-truncate.md",
        "rules/ban-truncate.ts",
        "test/helpers/cli.ts",
      ];
      for (const file of files) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), "x");
      }
      const [pack] = JSON.parse(
        execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
          cwd: dir,
          encoding: "utf8",
        }),
      );
      expect(pack.files.map((file: { path: string }) => file.path).sort()).toEqual([
        "assets/pglite/empty-cluster.json",
        "assets/pglite/empty-cluster.tar.gz",
        "bin/schematic.js",
        "dist/rules/ban-truncate.js",
        "dist/schema/schematic.schema.json",
        "dist/src/cli/main.js",
        "package.json",
        "rules/ban-truncate.md",
        "schema/schematic.schema.json",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("ships the database drivers that schematic migrate loads", async () => {
    const { default: manifest } = await import("../package.json", { with: { type: "json" } });
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining(["pg", "mysql2", "@electric-sql/pglite"]),
    );
    expect(Object.keys(manifest.devDependencies)).not.toContain("pg");
  });
});
