/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and answers "where does the time go":
 * the functions with the most self time, and the files (modules) with the most inclusive time.
 * Inclusive time per file counts a sample once per file on its stack, so a module's number is the
 * wall time spent anywhere inside it (including what it calls), which is what an import costs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  /** `file:line function` for functions, a file path for files, a pseudo-frame such as `(garbage collector)`. */
  readonly where: string;
  readonly ms: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Functions by self time (time spent in the function's own code). */
  readonly selfTime: readonly HotSpot[];
  /** Files by inclusive time (time while any function of the file was on the stack). */
  readonly fileTime: readonly HotSpot[];
  /** Functions by inclusive time, for naming the entry point that costs (an import, a parse loop). */
  readonly inclusiveTime: readonly HotSpot[];
}

/** Paths shown relative to the project (or to node_modules), so a report line says which package. */
function displayUrl(url: string, projectRoot: string): string {
  if (url === "") return "";
  const file = url.startsWith("file://") ? new URL(url).pathname : url;
  const modules = file.lastIndexOf("/node_modules/");
  if (modules >= 0) return file.slice(modules + 1);
  return file.startsWith(projectRoot) ? path.relative(projectRoot, file) : file;
}

function frameKey(frame: CallFrame, projectRoot: string): string {
  const file = displayUrl(frame.url, projectRoot);
  const name = frame.functionName || "(anonymous)";
  return file === "" ? name : `${file}:${frame.lineNumber + 1} ${name}`;
}

function fileKey(frame: CallFrame, projectRoot: string): string | undefined {
  const file = displayUrl(frame.url, projectRoot);
  return file === "" || file.startsWith("node:") ? undefined : file;
}

function ranked(times: ReadonlyMap<string, number>, totalMs: number, limit: number): HotSpot[] {
  return [...times]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([where, us]) => ({ where, ms: us / 1000, percent: totalMs > 0 ? (100 * us) / 1000 / totalMs : 0 }));
}

export function summarizeCpuProfile(file: string, projectRoot: string, limit = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((sampleId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    totalUs += delta;
    const leaf = byId.get(sampleId);
    if (!leaf) return;
    const leafKey = frameKey(leaf.callFrame, projectRoot);
    self.set(leafKey, (self.get(leafKey) ?? 0) + delta);
    const seenFrames = new Set<string>();
    const seenFiles = new Set<string>();
    for (let id: number | undefined = sampleId; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!.callFrame;
      seenFrames.add(frameKey(frame, projectRoot));
      const fileName = fileKey(frame, projectRoot);
      if (fileName) seenFiles.add(fileName);
    }
    for (const key of seenFrames) inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    for (const key of seenFiles) files.set(key, (files.get(key) ?? 0) + delta);
  });
  // (root) and (program) frames are on every stack or none: they say nothing about where time goes.
  for (const pseudo of ["(root)", "(program)"]) inclusive.delete(pseudo);
  const totalMs = totalUs / 1000;
  return {
    totalMs,
    selfTime: ranked(self, totalMs, limit),
    fileTime: ranked(files, totalMs, limit),
    inclusiveTime: ranked(inclusive, totalMs, limit),
  };
}
