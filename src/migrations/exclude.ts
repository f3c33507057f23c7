/**
 * Migration files the user tells Schematic not to read (templated SQL, scripts for another database, an
 * archive folder): `exclude:` globs relative to the configuration file, `--exclude` globs relative to the
 * working directory. An excluded file is neither parsed nor replayed, and the report counts it.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type picomatchType from "picomatch";

/** Globs and the folder they are relative to. */
export interface ExcludeGlobs {
  readonly patterns: readonly string[];
  readonly base: string;
}

const require = createRequire(import.meta.url);

const slashes = (file: string) => file.split(path.sep).join("/");

/**
 * Whether an absolute path is excluded: a glob, made absolute against its base (so `../legacy/**` works
 * too), matches the path or one of the folders it sits in (`migrations/legacy` excludes everything under
 * it, as `migrations/legacy/**` does).
 */
export function createExcludeMatcher(globs: readonly ExcludeGlobs[]): (absolutePath: string) => boolean {
  const patterns = globs.flatMap((group) =>
    group.patterns.map((glob) => slashes(path.resolve(group.base, glob))),
  );
  if (patterns.length === 0) return () => false;
  // Loaded when something is excluded, not at every start-up.
  const matches = (require("picomatch") as typeof picomatchType)(patterns, { dot: true });
  return (absolutePath) => {
    for (let file = absolutePath; path.dirname(file) !== file; file = path.dirname(file)) {
      if (matches(slashes(file))) return true;
    }
    return false;
  };
}
