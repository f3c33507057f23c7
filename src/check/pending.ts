import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { SchematicError } from "../errors.js";

function git(args: readonly string[], cwd: string): string {
  try {
    // maxBuffer: a migration's text or a folder's listing can pass the default 1 MiB.
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 512 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new SchematicError(
      "git",
      `git ${args.join(" ")} failed${stderr ? `: ${stderr.split("\n")[0]}` : ""}.`,
      {
        hint: "Run schematic inside the git checkout, and make sure the base ref is fetched (in GitHub Actions: actions/checkout with fetch-depth: 0).",
        cause: error,
      },
    );
  }
}

/** The commit a change is compared with: where the current branch forked from `base`. */
export interface BaseRevision {
  /** The repository's root folder. */
  readonly root: string;
  readonly mergeBase: string;
}

export function baseRevision(base: string, cwd: string): BaseRevision {
  const root = git(["rev-parse", "--show-toplevel"], cwd).trim();
  try {
    return { root, mergeBase: git(["merge-base", base, "HEAD"], cwd).trim() };
  } catch (error) {
    throw new SchematicError("git", `Cannot find the base ref ${base} in this repository.`, {
      hint: `Fetch it first (git fetch origin ${base.replace(/^origin\//, "")}), or in GitHub Actions check out with fetch-depth: 0.`,
      cause: error,
    });
  }
}

/**
 * Files added or changed since `base`, as a pull request sees them: the diff from the merge base to the
 * working tree (so uncommitted and staged edits count, as in a pre-commit hook), plus untracked files.
 * Returns absolute paths.
 */
export function filesChangedSince(base: string, cwd: string): string[] {
  const { root, mergeBase } = baseRevision(base, cwd);
  const changed = git(["diff", "--name-only", "--diff-filter=ACMR", "-z", mergeBase], cwd).split("\0");
  const untracked = git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0");
  return [...new Set([...changed, ...untracked].filter(Boolean))].map((file) => path.resolve(root, file));
}

/** The files (absolute paths) under `folder` at the base revision. */
export function filesAtBase(revision: BaseRevision, folder: string): Map<string, string> {
  const relative = path.relative(revision.root, folder) || ".";
  const listed = git(["ls-tree", "-r", "-z", revision.mergeBase, "--", relative], revision.root);
  // "<mode> blob <id>\t<path>" per file: the id says whether a file changed without reading it from git.
  return new Map(
    listed
      .split("\0")
      .map((line) => /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line))
      .filter((match) => match !== null)
      .map((match) => [path.resolve(revision.root, match[2]!), match[1]!]),
  );
}

/** The id git gives a file's bytes (its blob id), so that an unchanged file is known without git show. */
export function blobId(bytes: Buffer, hashAlgorithm: "sha1" | "sha256" = "sha1"): string {
  return createHash(hashAlgorithm).update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A file's text at the base revision (`git show <merge base>:<path>`). */
export function textAtBase(revision: BaseRevision, file: string): string {
  const relative = path.relative(revision.root, file).split(path.sep).join("/");
  return git(["show", `${revision.mergeBase}:${relative}`], revision.root);
}
