/**
 * An exclusive lock on a folder, between processes: the embedded PGlite database does not guard its data
 * directory, and two processes that open it at once can silently lose committed rows. The lock is a file
 * beside the folder (`<folder>.lock`) naming its holder; it is created atomically (written under a
 * temporary name, then hard-linked into place, which fails if the lock exists), so a reader never sees a
 * half-written holder. A holder that died leaves its file behind: it is stale when its pid no longer runs
 * on this host, or runs a process started at another time (the pid was reused), and the next process
 * removes it and takes the lock.
 */
import { linkSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { SchematicError } from "../errors.js";

const POLL_MS = 100;

/** Who holds the lock, as its file says. */
export interface FolderLockHolder {
  readonly pid: number;
  readonly host: string;
  /** The holder's start time as the kernel counts it (/proc/<pid>/stat), to tell a reused pid; Linux only. */
  readonly processStart?: string;
  /** When it took the lock (ISO 8601). */
  readonly since: string;
}

export interface FolderLock {
  /** The lock file. */
  readonly file: string;
  readonly holder: FolderLockHolder;
  /** Removes the lock file if it is still this holder's; safe to call twice. */
  release(): void;
}

export interface FolderLockOptions {
  /** Give up after this long when another live process holds the folder. */
  readonly timeoutMs: number;
  /** How messages name the folder (relative to the working directory). */
  readonly display: string;
  /** Told once when another process holds the lock and this one starts waiting. */
  readonly onWait?: (holder: string) => void;
}

export function lockFileOf(folder: string): string {
  return `${folder.replace(/[\\/]+$/, "")}.lock`;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function ownHolder(): FolderLockHolder {
  const start = processStartTime(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    ...(start !== undefined && { processStart: start }),
    since: new Date().toISOString(),
  };
}

export function describeHolder(holder: FolderLockHolder): string {
  const host = holder.host === hostname() ? "" : ` on ${holder.host}`;
  return `process ${holder.pid}${host} (since ${holder.since})`;
}

/** A holder on this host whose process is gone; a holder on another host is taken as alive. */
export function holderIsGone(holder: FolderLockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  if (holder.processStart === undefined) return false;
  const start = processStartTime(holder.pid);
  return start !== undefined && start !== holder.processStart;
}

function parseHolder(text: string): FolderLockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<FolderLockHolder>;
    if (typeof value.pid !== "number" || typeof value.host !== "string") return undefined;
    return {
      pid: value.pid,
      host: value.host,
      ...(typeof value.processStart === "string" && { processStart: value.processStart }),
      since: typeof value.since === "string" ? value.since : "an unknown time",
    };
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/** Creates the lock file with `text` as one atomic step; false when it exists. */
function tryCreate(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
  writeFileSync(temporary, text);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkQuietly(temporary);
  }
}

/**
 * Removes a stale lock file, unless it changed since it was judged stale: it is moved aside first and
 * checked there, so that two processes that both saw the dead holder do not remove the lock the faster
 * one has just taken. A lock moved aside by mistake is linked back.
 */
function removeStale(file: string, staleText: string): void {
  const aside = `${file}.stale.${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone took the free lock meanwhile: theirs stands.
    }
  }
  unlinkQuietly(aside);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}

/**
 * The temporary files of a lock (`<lock>.<pid>.<random>`, `<lock>.stale.<pid>.<random>`) that a process
 * killed between two calls left behind; removed once that process is gone.
 */
function sweepLeftovers(file: string): void {
  const base = path.basename(file);
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const pid = /^(?:stale\.)?(\d+)\.[a-z0-9]+$/.exec(name.slice(base.length + 1))?.[1];
    if (pid && holderIsGone({ pid: Number(pid), host: hostname(), since: "" })) {
      unlinkQuietly(path.join(path.dirname(file), name));
    }
  }
}

/** Takes the lock on `folder`, waiting up to the timeout for a live holder to let go. */
export async function lockFolder(folder: string, options: FolderLockOptions): Promise<FolderLock> {
  const file = lockFileOf(folder);
  const holder = ownHolder();
  const text = `${JSON.stringify(holder)}\n`;
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    if (tryCreate(file, text)) break;
    const current = readText(file);
    if (current === undefined) continue; // released between the two calls
    const other = parseHolder(current);
    if (other === undefined) {
      // Not a lock file this code wrote (the link makes ours whole): say so rather than guess.
      throw new SchematicError("database", `The lock file ${lockFileOf(options.display)} is not readable.`, {
        hint: "Make sure no Schematic process uses the embedded database, then delete the lock file.",
      });
    }
    if (holderIsGone(other)) {
      removeStale(file, current);
      sweepLeftovers(file);
      continue;
    }
    if (other.pid === process.pid && other.host === holder.host) {
      throw new SchematicError(
        "database",
        `The embedded database in ${options.display} is already open in this process.`,
      );
    }
    if (!told) {
      told = true;
      options.onWait?.(describeHolder(other));
    }
    if (Date.now() >= deadline) {
      throw new SchematicError(
        "database",
        `The embedded database in ${options.display} is in use by ${describeHolder(other)}; gave up waiting after ${seconds(options.timeoutMs)} s.`,
        {
          hint: `Wait for that process to finish, or stop it. A lock left by a process that died on this machine is removed by the next run; one left on another host (${lockFileOf(options.display)}) has to be deleted by hand once no process uses the folder.`,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off("exit", release);
    if (readText(file) === text) unlinkQuietly(file);
  };
  // A process that ends without closing the database (process.exit) still lets go of the folder.
  process.on("exit", release);
  return { file, holder, release };
}
