import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateConfigValidator } from "../../scripts/config-validator-source.js";

describe("the configuration's compiled validator", () => {
  it("is the schema as it is now (run `npm run config-validator` after editing the schema)", () => {
    const committed = readFileSync(
      new URL("../../src/config/schema-validator.generated.ts", import.meta.url),
      "utf8",
    );
    expect(committed === generateConfigValidator()).toBe(true);
  });
});
