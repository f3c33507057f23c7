/**
 * Migration integrity: facts about the migration files as files, which the integrity rules
 * (ban-migration-edits, require-migration-order, ban-duplicate-versions) report. A migration tool applies
 * each version once, in order: an applied migration edited afterwards, a new one slipped in before applied
 * ones, or two files with one version leave databases with different schemas.
 */
import type { MigrationFileFacts } from "../lint/rule.js";
import type { Span } from "../sql/span.js";
import { compareVersions, type Migration, splitSections } from "./loader.js";

/** What the base ref (a pull request's target) holds, for the migrations of the change. */
export interface BaseMigrations {
  /** Whether a migration file (absolute path) exists at the base. */
  readonly has: (absolutePath: string) => boolean;
  /** Whether it holds the same bytes as at the base (a quick answer before comparing tokens). */
  readonly unchanged?: (absolutePath: string) => boolean;
  /** Its text at the base. */
  readonly text: (absolutePath: string) => string;
}

export interface IntegrityInput {
  /** The migrations, in the order they apply. */
  readonly migrations: readonly Migration[];
  /** Display paths of the files the change adds or edits; undefined when the whole history is reviewed. */
  readonly changed: ReadonlySet<string> | undefined;
  readonly base?: BaseMigrations;
  /** The dialect's lexer: token spans, comments and whitespace left out. */
  readonly tokens: (sql: string) => readonly Span[];
}

type MutableFacts = { -readonly [K in keyof MigrationFileFacts]: MigrationFileFacts[K] };

/** The facts of every migration that has some, by display path. */
export function migrationFileFacts(input: IntegrityInput): Map<string, MigrationFileFacts> {
  const facts = new Map<string, MutableFacts>();
  const factsOf = (migration: Migration) => {
    let entry = facts.get(migration.up.path);
    if (!entry) {
      entry = migration.version === undefined ? {} : { version: migration.version };
      facts.set(migration.up.path, entry);
    }
    return entry;
  };
  // With a base, the change's own new files are the ones that made a version a duplicate.
  const { base } = input;
  const introduced = (migration: Migration) =>
    Boolean(input.changed?.has(migration.up.path)) && !base?.has(migration.up.absolutePath);
  for (const group of sameVersionGroups(input.migrations)) {
    for (const migration of reportedDuplicates(group, introduced)) {
      factsOf(migration).sameVersionAs = group
        .filter((other) => other !== migration)
        .map((other) => other.up.path);
    }
  }
  if (base && input.changed) {
    input.migrations.forEach((migration, index) => {
      if (!input.changed!.has(migration.up.path)) return;
      if (base.has(migration.up.absolutePath)) {
        if (base.unchanged?.(migration.up.absolutePath)) return;
        const baseText = splitSections(base.text(migration.up.absolutePath).replace(/^\uFEFF/, "")).up;
        const span = firstEdit(baseText, migration.up.text, input.tokens);
        if (span) factsOf(migration).editedSinceBase = { span };
        return;
      }
      // Only versions order migrations: a file without one (crates.io's data_oauth_github.sql) sorts by
      // name, and says nothing about where a new version belongs.
      if (migration.repeatable || migration.version === undefined) return;
      const applied = input.migrations
        .slice(index + 1)
        .find((later) => !later.repeatable && later.version !== undefined && base.has(later.up.absolutePath));
      if (applied) factsOf(migration).sortsBefore = applied.up.path;
    });
  }
  return facts;
}

/** Runs of two or more versioned migrations with the same version (1 and 001 are one version, as tools parse them). */
function sameVersionGroups(migrations: readonly Migration[]): Migration[][] {
  const versioned = migrations
    .filter((migration) => migration.version !== undefined && !migration.repeatable)
    .sort((a, b) => compareVersions(a.version!, b.version!));
  const groups: Migration[][] = [];
  for (const migration of versioned) {
    const last = groups.at(-1);
    if (last && compareVersions(last[0]!.version!, migration.version!) === 0) last.push(migration);
    else groups.push([migration]);
  }
  return groups.filter((group) => group.length > 1);
}

/**
 * Which files of a duplicated version carry the finding: those the change introduces (adds; edits too
 * when there is no base to tell), so that the change's own duplicate blocks it; else (history) every one
 * but the first, so that a pair is one finding.
 */
function reportedDuplicates(
  group: readonly Migration[],
  introduced: (migration: Migration) => boolean,
): Migration[] {
  const inChange = group.filter(introduced);
  return inChange.length > 0 ? inChange : group.slice(1);
}

/** The span (in `current`) of the first token that differs from `previous`, or undefined when none does. */
export function firstEdit(
  previous: string,
  current: string,
  tokens: (sql: string) => readonly Span[],
): Span | undefined {
  const before = tokens(previous);
  const after = tokens(current);
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    const old = before[i];
    const now = after[i];
    if (old && now && previous.slice(old.start, old.end) === current.slice(now.start, now.end)) continue;
    // A token removed at the end: point at the last token that is left.
    const at = now ?? after.at(-1) ?? { start: 0, end: 0 };
    return { start: at.start, end: at.end };
  }
  return undefined;
}
