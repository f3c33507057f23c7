import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { VERSION } from "../../src/cli/version.js";

it("reports the version package.json declares", () => {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8"));
  expect(VERSION).toBe(pkg.version);
});
