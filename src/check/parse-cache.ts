import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DialectName } from "../dialects/dialect.js";
import type { ParsedSql } from "../sql/changes.js";

/**
 * Parsed migrations keyed by their text, so that a pre-commit hook re-parses only what changed (as
 * eslint --cache and ruff do). Opt-in with --cache. An entry is valid for one build of Schematic: the key
 * includes the build's own file times, so a new parser never reads an old parse.
 */
export class ParseCache {
  private readonly directory: string;
  private readonly salt: string;

  constructor(dialect: DialectName, root: string = defaultCacheRoot()) {
    this.directory = path.join(root, "parse", dialect);
    this.salt = buildFingerprint();
  }

  private file(text: string): string {
    const hash = createHash("sha256").update(this.salt).update("\0").update(text).digest("hex");
    return path.join(this.directory, hash.slice(0, 2), `${hash}.json`);
  }

  get(text: string): ParsedSql | undefined {
    try {
      return JSON.parse(readFileSync(this.file(text), "utf8")) as ParsedSql;
    } catch {
      return undefined;
    }
  }

  /** Best effort: a cache that cannot be written only makes the next run slower. */
  set(text: string, parsed: ParsedSql): void {
    const file = this.file(text);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(parsed));
      renameSync(temporary, file); // atomic: a concurrent reader never sees half a file
    } catch {
      // read-only home, full disk: carry on without the cache
    }
  }
}

/** $XDG_CACHE_HOME/schematic, else ~/.cache/schematic. */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "schematic");
}

let fingerprint: string | undefined;
/** Identifies this build of the parsers: the modification times of the dialect modules. */
function buildFingerprint(): string {
  if (fingerprint) return fingerprint;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const stamps = ["postgres", "mysql", "starrocks"].map((dialect) => {
    for (const file of ["index.js", "index.ts"]) {
      try {
        return statSync(path.join(here, "../dialects", dialect, file)).mtimeMs;
      } catch {
        // the other extension
      }
    }
    return 0;
  });
  fingerprint = stamps.join(":");
  return fingerprint;
}
