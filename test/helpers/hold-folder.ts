/**
 * Starts a real second process that holds a folder (folder-holder.ts): the lock alone, or the embedded
 * database open on it. Resolves once it holds it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface FolderHolder {
  readonly pid: number;
  /** Tells it to let go (close the database, remove the lock) and waits for it to exit. */
  release(): Promise<void>;
  /** kill -9: it leaves its lock file behind. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

function start(mode: string, folder: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "test/helpers/folder-holder.ts", mode, folder], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/**
 * Runs a process that opens the embedded database, commits a row with its pid in `marks` and exits;
 * resolves with its pid and exit code.
 */
export function commitOnce(folder: string): Promise<{ pid: number; code: number | null; stderr: string }> {
  const child = start("pglite-once", folder);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ pid: child.pid!, code, stderr })));
}

export function holdFolder(mode: "lock" | "pglite", folder: string): Promise<FolderHolder> {
  const child = start(mode, folder);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      if (!/^held \d+\n/.test(stdout)) return;
      resolve({
        pid: child.pid!,
        release: async () => {
          child.stdin!.end("release\n");
          await exited(child);
        },
        kill: async () => {
          child.kill("SIGKILL");
          await exited(child);
        },
      });
    });
    child.once("exit", (code) => reject(new Error(`the holder exited (${code}) before holding: ${stderr}`)));
  });
}
