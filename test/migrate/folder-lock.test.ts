/**
 * The folder lock between real processes: a second process waits, then fails naming the folder and the
 * holder; a holder killed with -9 leaves a stale lock that the next process removes; one that lets go
 * hands the folder to the process waiting for it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { holderIsGone, lockFileOf, lockFolder, processStartTime } from "../../src/migrate/folder-lock.js";
import { type FolderHolder, holdFolder } from "../helpers/hold-folder.js";

const made: string[] = [];
const holders: FolderHolder[] = [];
afterEach(async () => {
  for (const holder of holders.splice(0)) await holder.kill();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-lock-"));
  made.push(dir);
  return path.join(dir, "db");
}

async function holder(folder: string): Promise<FolderHolder> {
  const held = await holdFolder("lock", folder);
  holders.push(held);
  return held;
}

describe("lockFolder", () => {
  it("makes a second process wait, then fail with the folder and the holder's pid", async () => {
    const folder = scratchFolder();
    const other = await holder(folder);
    const told: string[] = [];
    const attempt = lockFolder(folder, {
      timeoutMs: 300,
      display: ".schematic/db",
      onWait: (holder) => told.push(holder),
    });
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `The embedded database in \\.schematic/db is in use by process ${other.pid} \\(since .*\\); gave up waiting`,
      ),
    );
    expect(told).toEqual([expect.stringMatching(new RegExp(`^process ${other.pid} \\(since `))]);
    expect(JSON.parse(readFileSync(lockFileOf(folder), "utf8"))).toMatchObject({
      pid: other.pid,
      host: hostname(),
    });
  });

  it("takes over the lock of a holder killed with -9, and removes the temporary files it left", async () => {
    const folder = scratchFolder();
    const other = await holder(folder);
    await other.kill();
    expect(existsSync(lockFileOf(folder))).toBe(true);
    // As if it had died while taking the lock, or while removing a stale one.
    writeFileSync(`${lockFileOf(folder)}.${other.pid}.k3x9`, "");
    writeFileSync(`${lockFileOf(folder)}.stale.${other.pid}.q1w2`, "");
    const lock = await lockFolder(folder, { timeoutMs: 300, display: "db" });
    expect(JSON.parse(readFileSync(lockFileOf(folder), "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(path.dirname(folder))).toEqual([]);
  });

  it("hands the folder to the process waiting when the holder lets go", async () => {
    const folder = scratchFolder();
    const other = await holder(folder);
    let waited = false;
    const attempt = lockFolder(folder, { timeoutMs: 20_000, display: "db", onWait: () => (waited = true) });
    // Its first look at the lock runs before lockFolder returns: it already knows it has to wait.
    expect(waited).toBe(true);
    await other.release();
    const lock = await attempt;
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it("refuses a second lock in the same process rather than waiting for itself", async () => {
    const folder = scratchFolder();
    const lock = await lockFolder(folder, { timeoutMs: 10_000, display: "db" });
    try {
      await expect(lockFolder(folder, { timeoutMs: 10_000, display: "db" })).rejects.toThrow(
        "The embedded database in db is already open in this process.",
      );
    } finally {
      lock.release();
    }
  });

  it("leaves a lock file it does not own in place on release", async () => {
    const folder = scratchFolder();
    const lock = await lockFolder(folder, { timeoutMs: 300, display: "db" });
    const someoneElse = `${JSON.stringify({ pid: 1, host: "elsewhere", since: "then" })}\n`;
    writeFileSync(lockFileOf(folder), someoneElse);
    lock.release();
    expect(readFileSync(lockFileOf(folder), "utf8")).toBe(someoneElse);
  });

  it("says which holders are gone: a dead pid or a reused one; another host's is never judged", async () => {
    const other = await holder(scratchFolder());
    const start = processStartTime(other.pid);
    const alive = { pid: other.pid, host: hostname(), since: "now" };
    expect(holderIsGone(alive)).toBe(false);
    expect(holderIsGone({ ...alive, host: "another-host" })).toBe(false);
    if (start !== undefined) {
      // Linux: the same pid started at another time is another process.
      expect(holderIsGone({ ...alive, processStart: start })).toBe(false);
      expect(holderIsGone({ ...alive, processStart: `${start}0` })).toBe(true);
    }
    await other.kill();
    expect(holderIsGone(alive)).toBe(true);
    expect(holderIsGone({ ...alive, host: "another-host" })).toBe(false);
  });

  it("refuses a lock file it cannot read instead of guessing who holds it", async () => {
    const folder = scratchFolder();
    writeFileSync(lockFileOf(folder), "garbage");
    await expect(lockFolder(folder, { timeoutMs: 300, display: "db" })).rejects.toThrow(
      "The lock file db.lock is not readable.",
    );
  });
});
