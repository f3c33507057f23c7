#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm install` through the prepare script).
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

// The PostgreSQL parser is WebAssembly. Compiling it with V8's baseline compiler only (no optimising
// tier-up) halves its start-up, and a migration check runs it far too briefly for tier-up to pay off:
// measured 0.57 s -> 0.38 s on a 400-statement schema, 0.57 s -> 0.48 s on 286 crates.io migrations.
setFlagsFromString("--liftoff-only");

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "schematic: the CLI is not built yet. Run `npm install` (or `npm run build`) in the schematic folder first.\n",
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
