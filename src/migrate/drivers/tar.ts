/**
 * Unpacks a tar archive (ustar, as PGlite's dumpDataDir writes it) into a folder with Node's own file
 * calls. PGlite's loadDataDir does the same in JavaScript through its WebAssembly file system: two opens
 * and a utime per file, and the untar in JS. Unpacking natively, then opening the folder, takes a third
 * less CPU on the embedded database's first open (the ~1,000 files of an empty cluster). Only regular
 * files and directories are expected; anything else, or a name that would leave the folder, is refused.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const BLOCK = 512;

/** A NUL-terminated field of a header. */
function field(header: Buffer, start: number, end: number): string {
  const bytes = header.subarray(start, end);
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("utf8");
}

/** The entry's path inside the folder; undefined for the archive's root itself. */
function entryPath(header: Buffer): string | undefined {
  const name = field(header, 0, 100);
  // ustar: names over 100 bytes keep their leading folders in the prefix field.
  const prefix = header.subarray(257, 263).toString("latin1").startsWith("ustar")
    ? field(header, 345, 500)
    : "";
  const full = prefix ? `${prefix}/${name}` : name;
  const parts = full.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw new Error(`the archive's entry ${full} leads out of the folder`);
  return parts.length === 0 ? undefined : parts.join(path.sep);
}

/** Writes the archive's files and folders under `folder` (created if needed). Returns the files written. */
export function extractTar(tar: Buffer, folder: string): number {
  mkdirSync(folder, { recursive: true });
  const made = new Set<string>([folder]);
  const ensureFolder = (dir: string): void => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  };
  let files = 0;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header[0] === 0) break; // the two zero blocks that end the archive
    const size = Number.parseInt(field(header, 124, 136).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const relative = entryPath(header);
    offset += BLOCK;
    if (relative !== undefined) {
      const target = path.join(folder, relative);
      if (type === "5") ensureFolder(target);
      else if (type === "0" || type === "\0") {
        ensureFolder(path.dirname(target));
        writeFileSync(target, tar.subarray(offset, offset + size));
        files += 1;
      } else throw new Error(`the archive's entry ${relative} is neither a file nor a folder (type ${type})`);
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
