import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SchematicError } from "../src/errors.js";
import { fileReadError, readFileBytes, readTextFile } from "../src/read-file.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const KIND = { label: "pending file", maxBytes: 16, display: "x.sql" };

function caught(action: () => unknown): SchematicError {
  try {
    action();
  } catch (error) {
    if (error instanceof SchematicError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("every file read is bounded and says what is wrong", () => {
  it("reads a regular file without its byte-order mark", () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-read-"));
    writeFileSync(path.join(dir, "a.sql"), "\uFEFFselect 1;");
    expect(readTextFile(path.join(dir, "a.sql"), KIND)).toBe("select 1;");
  });

  it.each([
    ["/dev/zero", "The pending file is not a regular file (it is a device, a pipe or a socket)."],
    [tmpdir(), "The pending file is a folder, not a file."],
  ])("%s is refused without reading it", (file, message) => {
    const error = caught(() => readTextFile(file, KIND));
    expect(error).toMatchObject({ code: "io", message, location: { file: "x.sql" } });
  });

  it("refuses a file over the kind's limit", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-read-"));
    writeFileSync(path.join(dir, "big.sql"), "x".repeat(17));
    const error = await readFileBytes(path.join(dir, "big.sql"), KIND).catch((e) => e);
    expect(error.message).toBe("The pending file is 17 bytes, more than the 16 bytes Schematic reads.");
  });

  it.each([
    ["EACCES", "The pending file cannot be read: permission denied."],
    ["EPERM", "The pending file cannot be read: permission denied."],
    ["EISDIR", "The pending file is a folder, not a file."],
    ["ELOOP", "The pending file is a symbolic link that loops."],
    ["ENOENT", "The pending file x.sql does not exist."],
    ["EIO", "Cannot read the pending file: i/o error."],
  ])("an %s read error becomes a one-paragraph error", (errno, message) => {
    const cause = Object.assign(new Error("i/o error"), { code: errno });
    const error = fileReadError(cause, "/abs/x.sql", KIND);
    expect(error).toBeInstanceOf(SchematicError);
    expect(error.message).toBe(message);
  });
});
