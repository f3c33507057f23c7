/**
 * The tar unpacker the embedded database starts from: the shipped template comes out file for file and
 * byte for byte as the system's tar unpacks it; names in the ustar prefix field are joined; an entry
 * that would leave the folder, or is neither a file nor a folder, is refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { findTemplate } from "../../src/migrate/drivers/pglite-template.js";
import { extractTar } from "../../src/migrate/drivers/tar.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-tar-"));
  made.push(dir);
  return dir;
}

/** Every file under `root` with its bytes, and every folder, by relative path. */
function tree(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full);
      if (statSync(full).isDirectory()) {
        entries.set(`${relative}/`, "");
        walk(full);
      } else entries.set(relative, readFileSync(full).toString("base64"));
    }
  };
  walk(root);
  return entries;
}

/** A ustar header block and its data, padded to 512 bytes. */
function entry(name: string, options: { type?: string; data?: string; prefix?: string } = {}): Buffer {
  const data = Buffer.from(options.data ?? "");
  const header = Buffer.alloc(512);
  header.write(name, 0, "utf8");
  header.write("0000644\0", 100);
  header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write(options.type ?? "0", 156);
  header.write("ustar\0" + "00", 257, "latin1");
  if (options.prefix) header.write(options.prefix, 345, "utf8");
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header, padded]);
}

const END = Buffer.alloc(1024);

describe("extractTar", () => {
  it("unpacks the shipped template as the system's tar does, file for file and byte for byte", () => {
    const lookup = findTemplate();
    if (lookup.kind !== "found") throw new Error("the template is not shipped");
    const ours = path.join(scratch(), "db");
    const theirs = scratch();
    const files = extractTar(gunzipSync(readFileSync(lookup.template.archive)), ours);
    execFileSync("tar", ["-xzf", lookup.template.archive, "-C", theirs], { stdio: "pipe" });
    const expected = tree(theirs);
    expect(files).toBe([...expected.keys()].filter((name) => !name.endsWith("/")).length);
    expect(files).toBeGreaterThan(900);
    expect(tree(ours)).toEqual(expected);
  });

  it("joins the ustar prefix to the name, and makes the folders a file needs", () => {
    const folder = scratch();
    const tar = Buffer.concat([
      entry("PG_VERSION", { data: "19\n", prefix: "/" }),
      entry("16384", { data: "x".repeat(700), prefix: "base/5" }),
      END,
    ]);
    expect(extractTar(tar, folder)).toBe(2);
    expect(readFileSync(path.join(folder, "PG_VERSION"), "utf8")).toBe("19\n");
    expect(readFileSync(path.join(folder, "base/5/16384"), "utf8")).toBe("x".repeat(700));
  });

  it("refuses an entry that leads out of the folder, and one that is a link", () => {
    const folder = scratch();
    expect(() => extractTar(Buffer.concat([entry("../escaped", { data: "x" }), END]), folder)).toThrow(
      "the archive's entry ../escaped leads out of the folder",
    );
    expect(() => extractTar(Buffer.concat([entry("pg_wal/link", { type: "2" }), END]), folder)).toThrow(
      `the archive's entry ${path.join("pg_wal", "link")} is neither a file nor a folder (type 2)`,
    );
    expect(readdirSync(path.dirname(folder)).filter((name) => name === "escaped")).toEqual([]);
  });
});
