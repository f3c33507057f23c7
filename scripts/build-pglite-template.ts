/**
 * Builds the prepared empty cluster of the embedded database (assets/pglite/): initdb once, in memory,
 * then the data directory dumped as a gzip tarball that a new database loads in about a second instead
 * of running initdb (5–14 s). Run it again after upgrading @electric-sql/pglite: the driver falls back
 * to initdb, with a notice, when the template was made by another PGlite version.
 *
 *   npx tsx scripts/build-pglite-template.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  INITDB_ARGS,
  installedPgliteVersion,
  TEMPLATE_ARCHIVE,
  TEMPLATE_METADATA,
  type TemplateMetadata,
} from "../src/migrate/drivers/pglite-template.js";

const OUT = path.resolve(import.meta.dirname, "../assets/pglite");

/**
 * Before the dump: a checkpoint, so that the new database starts with no WAL to replay. What the first
 * open pays for is creating ~1,000 files and writing 30 MB (initdb's 16 MB WAL segment made it 40 MB:
 * INITDB_ARGS). Measured and left out (CPU time of loading the dump, median of 5, a busy 2-CPU machine):
 * VACUUM FULL (the dump grew by 0.9 MB: the rewritten catalogs' old files stay until the next checkpoint);
 * dropping template0 (700 files, 23 MB: 1.66 s against 1.54 s, no gain within the noise); dropping
 * template0 and template1 (400 files, 16 MB: 1.07 s), since CREATE DATABASE, which works in PGlite,
 * would then fail for want of template1.
 */
const BEFORE_DUMP = ["CHECKPOINT"];

async function main(): Promise<void> {
  const started = performance.now();
  const pg = await PGlite.create("memory://", { initDbStartParams: [...INITDB_ARGS] });
  for (const statement of BEFORE_DUMP) await pg.exec(statement);
  const version = String(
    (await pg.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "",
  );
  const blob = await pg.dumpDataDir("gzip");
  await pg.close();
  const bytes = Buffer.from(await blob.arrayBuffer());
  const metadata: TemplateMetadata = {
    pglite: installedPgliteVersion(),
    postgresMajor: /^\d+/.exec(version)?.[0] ?? "",
    initdbArgs: INITDB_ARGS,
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, TEMPLATE_ARCHIVE), bytes);
  writeFileSync(path.join(OUT, TEMPLATE_METADATA), `${JSON.stringify(metadata, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${path.relative(process.cwd(), path.join(OUT, TEMPLATE_ARCHIVE))}: ${(bytes.length / 1e6).toFixed(2)} MB, PGlite ${metadata.pglite} (PostgreSQL ${version}), made in ${seconds} s`,
  );
}

await main();
