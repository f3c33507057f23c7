/**
 * Writes src/config/schema-validator.generated.ts: the configuration's JSON Schema compiled by ajv into
 * plain code, ahead of time. Compiling it at run time loaded ajv and its code generator on every command
 * with a schematic.yml (measured ~200 ms of a ~450 ms `migrate up` with nothing to apply); the compiled
 * validator loads in ~5 ms. Run `npm run config-validator` after editing schema/schematic.schema.json
 * (test/config/schema-validator.test.ts fails while the file is stale).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateConfigValidator } from "./config-validator-source.js";

const target = fileURLToPath(new URL("../src/config/schema-validator.generated.ts", import.meta.url));
writeFileSync(target, generateConfigValidator());
console.log(`wrote ${target}`);
