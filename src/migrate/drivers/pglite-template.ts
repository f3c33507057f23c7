/**
 * The prepared empty cluster a new embedded database starts from. A fresh PGlite runs initdb in
 * WebAssembly (5–14 s); unpacking a data-directory dump of an empty cluster (PGlite's dumpDataDir, a
 * gzipped tar) and opening it takes about a second. The dump is made once by
 * scripts/build-pglite-template.ts and shipped in the package (assets/pglite/); beside it, a JSON file
 * records the PGlite and PostgreSQL versions that made it, since a data directory is only readable by
 * the PostgreSQL major version that wrote it.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * initdb's arguments beyond PGlite's own: 1 MB WAL segments instead of 16 MB, so that a new database
 * writes 30 MB to disk rather than 45 (the segment is written out in full). Used for the template and
 * for the fallback initdb alike, so every embedded database has the same layout.
 */
export const INITDB_ARGS: readonly string[] = ["--wal-segsize=1"];

export const TEMPLATE_ARCHIVE = "empty-cluster.tar.gz";
export const TEMPLATE_METADATA = "empty-cluster.json";

export interface TemplateMetadata {
  /** The @electric-sql/pglite version that made the dump. */
  readonly pglite: string;
  /** PostgreSQL's major version inside that PGlite (PG_VERSION of the data directory). */
  readonly postgresMajor: string;
  readonly initdbArgs: readonly string[];
}

export interface Template {
  readonly archive: string;
  readonly metadata: TemplateMetadata;
}

/** assets/pglite in the package: three folders up from the sources (src/migrate/drivers), four from dist/. */
export function templateFolder(): string | undefined {
  for (const relative of ["../../../assets/pglite/", "../../../../assets/pglite/"]) {
    const folder = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path.join(folder, TEMPLATE_METADATA))) return folder;
  }
  return undefined;
}

/** The version of @electric-sql/pglite this process loads. */
export function installedPgliteVersion(): string {
  const require = createRequire(import.meta.url);
  // The package's exports do not list package.json: find it from its entry point (dist/index.cjs).
  const entry = require.resolve("@electric-sql/pglite");
  const manifest = path.join(path.dirname(entry), "..", "package.json");
  return String((JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version);
}

export type TemplateLookup =
  | { readonly kind: "found"; readonly template: Template }
  | { readonly kind: "missing" }
  | { readonly kind: "other-version"; readonly metadata: TemplateMetadata; readonly installed: string };

/** The shipped template, if there is one this PGlite can load. */
export function findTemplate(installed: string = installedPgliteVersion()): TemplateLookup {
  const folder = templateFolder();
  if (!folder) return { kind: "missing" };
  const archive = path.join(folder, TEMPLATE_ARCHIVE);
  if (!existsSync(archive)) return { kind: "missing" };
  const metadata = JSON.parse(readFileSync(path.join(folder, TEMPLATE_METADATA), "utf8")) as TemplateMetadata;
  // Only the PGlite that made it is known to read it: another build may change PostgreSQL's catalog.
  if (metadata.pglite !== installed) return { kind: "other-version", metadata, installed };
  return { kind: "found", template: { archive, metadata } };
}
