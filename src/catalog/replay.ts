import type { Change, ParsedSql, ParsedStatement } from "../sql/changes.js";
import { applyChange, type ReplayNote } from "./apply.js";
import type { Catalog } from "./model.js";

/** A parsed migration script, ready to replay. */
export interface ParsedScript {
  /** Path shown in reports. */
  readonly path: string;
  readonly text: string;
  readonly parsed: ParsedSql;
}

export interface ReplayedChange {
  readonly change: Change;
  readonly statement: ParsedStatement;
  /** The catalog just before and just after this change. */
  readonly before: Catalog;
  readonly after: Catalog;
}

/** What one migration file does: `{ before, after, changes }`. */
export interface FileReplay {
  readonly script: ParsedScript;
  readonly before: Catalog;
  readonly after: Catalog;
  readonly changes: readonly ReplayedChange[];
  readonly notes: readonly ReplayNote[];
}

/** `SET search_path TO raw, public` / `USE raw`: unqualified names that follow go to that schema. */
function sessionSchema(change: Change): string | undefined {
  if (change.kind !== "set_option") return undefined;
  const name = change.name.toLowerCase();
  if (name !== "search_path" && name !== "database" && name !== "schema") return undefined;
  const first = change.value
    .split(",")[0]
    ?.trim()
    .replace(/^['"`]|['"`]$/g, "");
  return first && first !== "DEFAULT" && !first.startsWith("$") ? first : undefined;
}

/**
 * Replays scripts in order into immutable catalogs. Each file starts from the previous file's result;
 * a session setting such as search_path lasts until the end of its file, as one migration = one session.
 */
export function replayScripts(scripts: readonly ParsedScript[], initial: Catalog): FileReplay[] {
  const replays: FileReplay[] = [];
  let catalog = initial;
  for (const script of scripts) {
    const before = catalog;
    const fileDefaultSchema = catalog.defaultSchema;
    const changes: ReplayedChange[] = [];
    const notes: ReplayNote[] = [];
    for (const statement of script.parsed.statements) {
      for (const change of statement.changes) {
        const schema = sessionSchema(change);
        const previous = catalog;
        if (schema !== undefined) catalog = { ...catalog, defaultSchema: schema };
        const result = applyChange(catalog, change, { file: script.path });
        catalog = result.catalog;
        notes.push(...result.notes);
        changes.push({ change, statement, before: previous, after: catalog });
      }
    }
    catalog = { ...catalog, defaultSchema: fileDefaultSchema };
    replays.push({ script, before, after: catalog, changes, notes });
  }
  return replays;
}
