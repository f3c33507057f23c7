/**
 * Which migrations a schema applied by hand already has: what each migration creates and removes (the
 * catalog's replay of the folder), looked up in the live database with the driver's probe.
 */
import {
  allRelations,
  type Catalog,
  findColumn,
  findRelation,
  findTable,
  indexesOf,
  sameNameInTable,
} from "../catalog/model.js";
import type { ParsedScript } from "../catalog/replay.js";
import { defaultSchemaFor, replayHistory } from "../check/history.js";
import type { Dialect } from "../dialects/dialect.js";
import type { Migration } from "../migrations/loader.js";
import { type PlaceholderSyntax, substitutePlaceholders } from "../migrations/placeholders.js";
import type { SchemaProbe } from "./driver.js";

/** Something a migration leaves in the schema that the probe can look at. */
export type SchemaObject =
  | { readonly kind: "relation"; readonly schema?: string; readonly name: string; readonly view: boolean }
  | { readonly kind: "column"; readonly schema?: string; readonly table: string; readonly column: string }
  | { readonly kind: "index"; readonly schema?: string; readonly table: string; readonly name: string };

export function describeObject(object: SchemaObject): string {
  const qualified = (name: string) => (object.schema ? `${object.schema}.${name}` : name);
  switch (object.kind) {
    case "relation":
      return `${object.view ? "view" : "table"} ${qualified(object.name)}`;
    case "column":
      return `column ${qualified(object.table)}.${object.column}`;
    case "index":
      return `index ${object.name} on ${qualified(object.table)}`;
  }
}

export interface InferredMigration {
  readonly id: string;
  /**
   * applied: everything it creates is there (and what it removes is gone); not-applied: none of it;
   * partial: some; unknown: it leaves nothing the schema shows (data, grants, settings).
   */
  readonly state: "applied" | "not-applied" | "partial" | "unknown";
  /** What the schema shows of it, and what it lacks. */
  readonly present: readonly string[];
  readonly missing: readonly string[];
  /**
   * Indexes it creates that the schema does not show by that name: not proof it did not run, as the catalog
   * misses some renames (ADD PRIMARY KEY USING INDEX); worth a look when the migration is taken as applied.
   */
  readonly unconfirmed: readonly string[];
}

export interface InferredSchema {
  readonly migrations: readonly InferredMigration[];
}

export interface InferOptions {
  readonly placeholders?: Readonly<Record<string, string>>;
  readonly placeholderSyntax?: readonly PlaceholderSyntax[];
  /** Where unqualified names in the migrations live (the configuration's schema; the dialect's by default). */
  readonly defaultSchema?: string;
}

interface Evidence {
  readonly object: SchemaObject;
  /** Created (must be there when the migration was applied) or removed (must be gone). */
  readonly expect: "present" | "absent";
  /** For a removal: the migration that created the object, whose state decides whether absence says anything. */
  readonly creator?: number;
  /** Its absence alone does not show the migration did not run (see the index evidence below). */
  readonly weak: boolean;
}

/**
 * Which migrations the live schema already has, judged by what each one creates or removes (the catalog's
 * replay of the migrations, looked up with the driver's probe). Objects a later migration removes again
 * are not counted for the one that created them; a removal counts only when the object's creator is
 * applied (or no migration created it).
 */
export async function inferAppliedFromSchema(
  migrations: readonly Migration[],
  dialect: Dialect,
  probe: SchemaProbe,
  options: InferOptions = {},
): Promise<InferredSchema> {
  const versioned = migrations.filter((migration) => !migration.repeatable);
  const session = dialect.createSession?.();
  const scripts: ParsedScript[] = versioned.map((migration) => {
    const text = substitutePlaceholders(
      migration.up.text,
      options.placeholders ?? {},
      options.placeholderSyntax ?? ["flyway"],
    ).text;
    return { path: migration.up.path, text, parsed: dialect.parse(text, session) };
  });
  const defaultSchema = defaultSchemaFor(dialect, options.defaultSchema);
  const replays = replayHistory(scripts, dialect, defaultSchema);
  const final = replays.at(-1)?.after;
  if (!final) return { migrations: [] };
  const schemaOf = (schema: string) => (schema === defaultSchema || schema === "" ? undefined : schema);

  const creators = new Map<string, number>();
  const lastRemoval = new Map<string, number>();
  const built: Evidence[][] = replays.map((replay, index) => {
    const found: Evidence[] = [];
    const { before, after } = replay;
    const created = (object: SchemaObject, weak = false) => {
      const key = objectKey(object);
      // Made again after an earlier migration removed it: its presence may be the earlier one's.
      const again = creators.has(key);
      creators.set(key, index);
      if (!again && survives(final, object, defaultSchema)) found.push({ object, expect: "present", weak });
    };
    const removed = (object: SchemaObject) => {
      lastRemoval.set(objectKey(object), index);
      // Created again later: its absence says nothing about this migration.
      if (survives(final, object, defaultSchema)) return;
      const creator = creators.get(objectKey(object));
      found.push({ object, expect: "absent", weak: false, ...(creator !== undefined && { creator }) });
    };
    for (const relation of allRelations(after)) {
      const schema = schemaOf(relation.name.schema);
      const earlier = findRelation(before, relation.name);
      if (!earlier) {
        if (relation.kind === "table" && relation.assumed) {
          // Not created here: a table the history first meets in an ALTER. Its columns are this file's.
          for (const column of relation.columns)
            created({ kind: "column", schema, table: relation.name.name, column: column.name });
        } else {
          created({ kind: "relation", schema, name: relation.name.name, view: relation.kind === "view" });
          // Its columns are this migration's too: a later removal of one asks whether this one ran.
          if (relation.kind === "table") {
            for (const column of relation.columns) {
              const object = {
                kind: "column",
                schema,
                table: relation.name.name,
                column: column.name,
              } as const;
              creators.set(objectKey(object), index);
            }
          }
        }
        continue;
      }
      if (relation.kind !== "table" || earlier.kind !== "table") continue;
      for (const column of relation.columns) {
        if (!findColumn(before, earlier, column.name))
          created({ kind: "column", schema, table: relation.name.name, column: column.name });
      }
      for (const column of earlier.columns) {
        if (!findColumn(after, relation, column.name))
          removed({ kind: "column", schema, table: relation.name.name, column: column.name });
      }
    }
    for (const relation of allRelations(before)) {
      if (!findRelation(after, relation.name)) {
        removed({
          kind: "relation",
          schema: schemaOf(relation.name.schema),
          name: relation.name.name,
          view: relation.kind === "view",
        });
      }
    }
    // Indexes the migration names itself (a generated name is the database's guess, not evidence).
    for (const change of replay.changes) {
      if (change.change.kind !== "create_index" || change.change.index.name === undefined) continue;
      const owner = findTable(change.after, change.change.index.table);
      if (!owner) continue;
      const object = {
        kind: "index",
        schema: schemaOf(owner.name.schema),
        table: owner.name.name,
        name: change.change.index.name,
      } as const;
      if (findRelation(before, change.change.index.table) === undefined) {
        // On a table this migration creates: the table is the evidence; the index is still its own.
        creators.set(objectKey(object), index);
        continue;
      }
      // Weak: the catalog misses some renames of an index (PostgreSQL's ADD PRIMARY KEY USING INDEX).
      created(object, true);
    }
    return found;
  });
  // Only what lasts speaks: an object a later migration removes (or makes again) is no evidence of when.
  const evidence = built.map((items, index) =>
    items.filter((item) => {
      const key = objectKey(item.object);
      return item.expect === "present"
        ? (lastRemoval.get(key) ?? -1) < index
        : (creators.get(key) ?? -1) < index;
    }),
  );

  const seen = new Map<string, Promise<boolean>>();
  const exists = (object: SchemaObject): Promise<boolean> => {
    const key = objectKey(object);
    let known = seen.get(key);
    if (!known) {
      known = probeObject(probe, object);
      seen.set(key, known);
    }
    return known;
  };

  const inferred: InferredMigration[] = [];
  for (const [index, migration] of versioned.entries()) {
    const present: string[] = [];
    const missing: string[] = [];
    const unconfirmed: string[] = [];
    for (const item of evidence[index]!) {
      if (item.expect === "absent" && item.creator !== undefined) {
        // Gone because it was removed, or because it was never created: only the creator's state tells.
        if (inferred[item.creator]?.state !== "applied") continue;
      }
      const there = await exists(item.object);
      const described = describeObject(item.object);
      if (item.expect === "present") (there ? present : item.weak ? unconfirmed : missing).push(described);
      else (there ? missing : present).push(`${described} removed`);
    }
    const state =
      present.length === 0 && missing.length === 0
        ? "unknown"
        : missing.length === 0
          ? "applied"
          : present.length === 0
            ? "not-applied"
            : "partial";
    inferred.push({ id: migration.id, state, present, missing, unconfirmed });
  }
  return { migrations: inferred };
}

function objectKey(object: SchemaObject): string {
  const schema = object.schema ?? "";
  switch (object.kind) {
    case "relation":
      return `r:${schema}.${object.name}`;
    case "column":
      return `c:${schema}.${object.table}.${object.column}`;
    case "index":
      return `i:${schema}.${object.table}.${object.name}`;
  }
}

/** The object is still there after the last migration: its presence can speak for the one that made it. */
function survives(final: Catalog, object: SchemaObject, defaultSchema: string): boolean {
  const name = (relation: string) => ({ schema: object.schema ?? defaultSchema, name: relation });
  switch (object.kind) {
    case "relation":
      return findRelation(final, name(object.name)) !== undefined;
    case "column": {
      const table = findTable(final, name(object.table));
      return table !== undefined && findColumn(final, table, object.column) !== undefined;
    }
    case "index": {
      const relation = findRelation(final, name(object.table));
      return (
        relation !== undefined &&
        indexesOf(relation).some((index) => sameNameInTable(final, index.name, object.name))
      );
    }
  }
}

async function probeObject(probe: SchemaProbe, object: SchemaObject): Promise<boolean> {
  switch (object.kind) {
    case "relation":
      return probe.relationExists(object.schema, object.name);
    case "column":
      return probe.columnExists(object.schema, object.table, object.column);
    case "index":
      return (await probe.indexState(object.schema, object.table, object.name)) === "valid";
  }
}
