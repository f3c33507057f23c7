/**
 * Where migration files come from, injected into the loader: a folder on disk (filesSource), or texts in
 * memory (memorySource) for tests and for callers that hold the files already. The loader only lists,
 * reads and locates through this interface, so ordering, layouts and sections are the same for both.
 */
import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { SchematicError } from "../errors.js";
import { type FileKind, fileReadError, MIGRATION_FILE, readTextFile } from "../read-file.js";

/** Where a file of a source is, as the loader's MigrationScript records it. */
export interface SourceLocation {
  /** Path as the user should see it (relative to the working directory, forward slashes). */
  readonly path: string;
  readonly absolutePath: string;
  /** The file a symbolic link leads to (absolutePath itself when it is no link): git names this one. */
  readonly realPath: string;
}

export interface MigrationSource {
  /** Every `.sql` file, relative to the source's root with forward slashes, sorted. */
  list(): readonly string[];
  /** A listed file's text, without its byte-order mark. */
  read(relative: string): string;
  locate(relative: string): SourceLocation;
}

/**
 * The `.sql` files below a folder (relative to `cwd` for display). The folder is checked and walked when
 * first listed: a missing folder, a link that leads nowhere or loops, is an error naming it.
 */
export function filesSource(directory: string, cwd: string): MigrationSource {
  const absoluteDir = path.resolve(cwd, directory);
  let files: readonly string[] | undefined;
  // Real paths the walk already knows (a file that is no link, in a folder whose real path is known): a
  // realpath call per file was a measurable share of loading a few hundred migrations.
  const realPaths = new Map<string, string>();
  const absolute = (relative: string) => path.join(absoluteDir, relative);
  // Each file is shown twice (read, then located) and path.relative is a measurable share of loading a
  // few hundred migrations (the `migrate up` start-up with nothing to apply): computed once per file.
  const displays = new Map<string, string>();
  const display = (relative: string) => {
    let shown = displays.get(relative);
    if (shown === undefined) {
      shown = toDisplayPath(cwd, absolute(relative));
      displays.set(relative, shown);
    }
    return shown;
  };
  return {
    list: () => {
      if (!files) {
        checkMigrationsFolder(absoluteDir, directory);
        files = sqlFilesUnder(absoluteDir, directory, realPaths);
      }
      return files;
    },
    read: (relative) => readTextFile(absolute(relative), { ...MIGRATION_FILE, display: display(relative) }),
    locate: (relative) => ({
      path: display(relative),
      absolutePath: absolute(relative),
      realPath: realPaths.get(relative) ?? realpathSync.native(absolute(relative)),
    }),
  };
}

/**
 * Migration files held in memory, by path relative to the migrations folder (`{"001_init.sql": "..."}`),
 * shown as `<directory>/<path>` (default `migrations/`). Paths not ending in .sql are not listed, as on disk.
 */
export function memorySource(
  files: Readonly<Record<string, string>>,
  options: { readonly directory?: string } = {},
): MigrationSource {
  const directory = (options.directory ?? "migrations").replace(/\/+$/, "");
  const texts = new Map(Object.entries(files).map(([file, text]) => [file.replace(/^\/+/, ""), text]));
  const shown = (relative: string) => (directory ? `${directory}/${relative}` : relative);
  return {
    list: () => [...texts.keys()].filter((file) => /\.sql$/i.test(file)).sort(),
    read: (relative) => {
      const text = texts.get(relative);
      if (text === undefined) {
        throw new SchematicError("io", `The migration file ${shown(relative)} does not exist.`, {
          hint: "List the files of an in-memory source before reading them.",
        });
      }
      return text.replace(/^\uFEFF/, "");
    },
    // No file behind it: the absolute path is the display path under a root no disk has.
    locate: (relative) => ({
      path: shown(relative),
      absolutePath: path.posix.join("/memory", shown(relative)),
      realPath: path.posix.join("/memory", shown(relative)),
    }),
  };
}

/** A path as reports show it: relative to cwd when below it, forward slashes. */
export function toDisplayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative.startsWith("..") ? absolutePath : relative).split(path.sep).join("/");
}

const MIGRATIONS_FOLDER_HINT =
  "Point --migrations (or `migrations:` in schematic.yml) at the folder that holds your .sql migrations.";

/** The migrations folder exists and is a folder; otherwise what it is instead. */
function checkMigrationsFolder(absoluteDir: string, directory: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absoluteDir).isDirectory();
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno !== "ENOENT" && errno !== "ENOTDIR") throw fileReadError(error, directory, FOLDER);
    throw new SchematicError("migrations-not-found", `The migrations folder ${directory} does not exist.`, {
      hint: MIGRATIONS_FOLDER_HINT,
    });
  }
  if (!isDirectory) {
    throw new SchematicError(
      "migrations-not-found",
      `The migrations folder ${directory} is a file, not a folder.`,
      { hint: `${MIGRATIONS_FOLDER_HINT} To check one file, pass it with --pending.` },
    );
  }
}

const FOLDER: FileKind = { label: "migrations folder", maxBytes: 0 };

/**
 * Every `.sql` file below a folder, relative, with forward slashes, sorted; hidden files and folders
 * skipped. Symbolic links are followed (a migrations folder that links shared scripts is common), so a
 * link that leads nowhere, loops, or leads back into a folder above it is an error rather than a file
 * silently left out. A stack, not recursion: deep trees cannot overflow it.
 */
function sqlFilesUnder(directory: string, display: string, realPaths: Map<string, string>): string[] {
  const files: string[] = [];
  const stack: { absolute: string; relative: string; ancestors: readonly string[] }[] = [
    { absolute: directory, relative: "", ancestors: [realpathSync.native(directory)] },
  ];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder.absolute, { withFileTypes: true });
    } catch (error) {
      throw fileReadError(error, joinDisplay(display, folder.relative), FOLDER);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const relative = folder.relative ? `${folder.relative}/${entry.name}` : entry.name;
      const absolute = path.join(folder.absolute, entry.name);
      const kind = entry.isSymbolicLink()
        ? linkTargetKind(absolute, joinDisplay(display, relative), folder.ancestors)
        : entry.isDirectory()
          ? "folder"
          : entry.isFile()
            ? "file"
            : "other";
      if (kind === "folder") {
        stack.push({ absolute, relative, ancestors: [...folder.ancestors, realpathSync.native(absolute)] });
      } else if (kind === "file" && /\.sql$/i.test(entry.name)) {
        files.push(relative);
        // The folder's real path is the last ancestor; a name that is no link adds nothing to resolve.
        if (!entry.isSymbolicLink()) realPaths.set(relative, path.join(folder.ancestors.at(-1)!, entry.name));
      } else if (kind === "other" && /\.sql$/i.test(entry.name)) {
        throw new SchematicError(
          "migration-layout",
          `The migration ${joinDisplay(display, relative)} is not a regular file (it is a device, a pipe or a socket).`,
          { hint: "Replace it with the SQL file, or move it out of the migrations folder." },
        );
      }
    }
  }
  return files.sort();
}

function joinDisplay(display: string, relative: string): string {
  return relative ? `${display.replace(/\/+$/, "")}/${relative}` : display;
}

/** What a symbolic link in the migrations folder leads to; a link that cannot be followed is an error. */
function linkTargetKind(
  absolute: string,
  shown: string,
  ancestors: readonly string[],
): "file" | "folder" | "other" | "ignored" {
  let stats: import("node:fs").Stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    // A dangling link named like a migration, or with no extension (it may have been a folder), would
    // hide migrations; one to a README or an editor's lock file is none of Schematic's business.
    if (!/\.sql$/i.test(shown) && /\.[^/]*$/.test(path.basename(shown))) return "ignored";
    const errno = (error as NodeJS.ErrnoException).code;
    throw new SchematicError(
      "migration-layout",
      errno === "ELOOP"
        ? `The symbolic link ${shown} loops: it never reaches a file.`
        : `The symbolic link ${shown} points to something that ${errno === "ENOENT" ? "does not exist" : `cannot be read (${errno})`}.`,
      {
        hint: "Point the link at the migration file (or folder) it stands for, or remove it.",
        cause: error,
      },
    );
  }
  if (!stats.isDirectory()) return stats.isFile() ? "file" : "other";
  if (ancestors.includes(realpathSync.native(absolute))) {
    throw new SchematicError(
      "migration-layout",
      `The symbolic link ${shown} leads back into a folder above it, so the migrations folder never ends.`,
      { hint: "Remove the link, or point it at a folder outside the migrations folder's own tree." },
    );
  }
  return "folder";
}
