import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { DbtProject } from "../dbt/model.js";
import type { DialectName } from "../dialects/dialect.js";
import { DIALECT_NAMES } from "../dialects/index.js";
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

  /** The cached parse, when there is one of the right shape; anything else is parsed again. */
  get(text: string): ParsedSql | undefined {
    let entry: unknown;
    try {
      entry = JSON.parse(readFileSync(this.file(text), "utf8"));
    } catch {
      return undefined;
    }
    return isParsedSql(entry, text.length) ? entry : undefined;
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isSpanWithin(value: unknown, length: number): boolean {
  return (
    isObject(value) &&
    Number.isInteger(value.start) &&
    Number.isInteger(value.end) &&
    (value.start as number) >= 0 &&
    (value.end as number) <= length
  );
}

/**
 * Whether a cache entry has the shape a parse has, with spans inside the text it was keyed by. A
 * truncated file, one written by hand or by another tool, must not reach replay as if it were a parse:
 * it is parsed again instead.
 */
export function isParsedSql(entry: unknown, textLength: number): entry is ParsedSql {
  if (!isObject(entry) || !Array.isArray(entry.statements) || !Array.isArray(entry.errors)) return false;
  const statementsOk = entry.statements.every(
    (statement: unknown) =>
      isObject(statement) &&
      typeof statement.statementType === "string" &&
      isSpanWithin(statement.span, textLength) &&
      Array.isArray(statement.changes) &&
      statement.changes.every(
        (change: unknown) =>
          isObject(change) && typeof change.kind === "string" && isSpanWithin(change.span, textLength),
      ),
  );
  return (
    statementsOk &&
    entry.errors.every(
      (error: unknown) =>
        isObject(error) && typeof error.message === "string" && Number.isInteger(error.offset),
    )
  );
}

/** Whether a deserialised project cache entry has a DbtProject's shape (see isParsedSql). */
export function isDbtProject(entry: unknown): entry is DbtProject {
  if (!isObject(entry)) return false;
  const { nodes, childMap, parentMap } = entry;
  if (typeof entry.manifestPath !== "string" || typeof entry.adapter !== "string") return false;
  if (!(nodes instanceof Map && childMap instanceof Map && parentMap instanceof Map)) return false;
  for (const node of nodes.values()) {
    if (!isObject(node) || typeof node.uniqueId !== "string" || !(node.columns instanceof Map)) return false;
    if (!Array.isArray(node.dependsOn)) return false;
  }
  for (const map of [childMap, parentMap]) {
    for (const ids of map.values()) if (!Array.isArray(ids)) return false;
  }
  return true;
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
  const stamps = DIALECT_NAMES.map((dialect) => {
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

/**
 * The dbt project read from its artifacts, kept between runs (like dbt's own partial parsing): reading and
 * parsing a 200 MB manifest takes seconds, deserialising the project Schematic keeps from it a fraction.
 * Keyed by the artifacts' paths, sizes and modification times, and by this build.
 */
export class ProjectCache {
  private readonly directory: string;

  constructor(root: string = defaultCacheRoot()) {
    this.directory = path.join(root, "dbt");
  }

  private file(artifacts: readonly (string | undefined)[]): string | undefined {
    const hash = createHash("sha256").update(buildFingerprint());
    for (const artifact of artifacts) {
      if (artifact === undefined) {
        hash.update("\0none");
        continue;
      }
      try {
        const stat = statSync(artifact);
        hash.update(`\0${path.resolve(artifact)}\0${stat.size}\0${stat.mtimeMs}`);
      } catch {
        return undefined;
      }
    }
    return path.join(this.directory, `${hash.digest("hex")}.v8`);
  }

  get(manifestPath: string, catalogPath: string | undefined): DbtProject | undefined {
    const file = this.file([manifestPath, catalogPath]);
    if (!file) return undefined;
    let entry: unknown;
    try {
      entry = deserialize(readFileSync(file));
    } catch {
      return undefined;
    }
    return isDbtProject(entry) ? entry : undefined;
  }

  set(project: DbtProject): void {
    const file = this.file([project.manifestPath, project.catalogPath]);
    if (!file) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, serialize(project));
      renameSync(temporary, file);
    } catch {
      // no cache this time
    }
  }
}
