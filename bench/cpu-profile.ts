/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and answers "where does the time go":
 * the functions with the most self time, and the files (modules) with the most inclusive time.
 * Inclusive time per file counts a sample once per file on its stack, so a module's number is the
 * wall time spent anywhere inside it (including what it calls), which is what an import costs.
 */
import { existsSync, readFileSync } from "node:fs";
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

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes a source map's `mappings`: per generated line, segments [column, source, line] (0-based). */
function decodeMappings(mappings: string): (readonly [number, number, number])[][] {
  const lines: (readonly [number, number, number])[][] = [];
  let source = 0;
  let originalLine = 0;
  for (const lineText of mappings.split(";")) {
    const segments: (readonly [number, number, number])[] = [];
    let column = 0;
    for (const segment of lineText.split(",")) {
      if (segment === "") continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1]!;
        originalLine += fields[2]!;
        segments.push([column, source, originalLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

interface SourceMap {
  readonly sources: readonly string[];
  readonly lines: ReturnType<typeof decodeMappings>;
  readonly dir: string;
}

/**
 * Maps built files (dist/**\/*.js with a .js.map beside them) back to the TypeScript source, so a hot spot
 * names the line a developer edits.
 */
class OriginalPositions {
  private readonly maps = new Map<string, SourceMap | undefined>();

  constructor(private readonly projectRoot: string) {}

  private mapFor(file: string): SourceMap | undefined {
    if (!this.maps.has(file)) {
      const mapFile = `${file}.map`;
      let map: SourceMap | undefined;
      if (existsSync(mapFile)) {
        const raw = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; mappings: string };
        map = { sources: raw.sources, lines: decodeMappings(raw.mappings), dir: path.dirname(file) };
      }
      this.maps.set(file, map);
    }
    return this.maps.get(file);
  }

  /** `src/x.ts:12` for a built file with a source map, else undefined. */
  lookup(file: string, line: number, column: number): string | undefined {
    const map = this.mapFor(file);
    const segments = map?.lines[line];
    if (!map || !segments || segments.length === 0) return undefined;
    const segment = [...segments].reverse().find(([generated]) => generated <= column) ?? segments[0]!;
    const original = path.resolve(map.dir, map.sources[segment[1]]!);
    return `${path.relative(this.projectRoot, original)}:${segment[2] + 1}`;
  }
}

/** Paths shown relative to the project (or to node_modules), so a report line says which package. */
function displayUrl(url: string, projectRoot: string): string {
  if (url === "") return "";
  const file = url.startsWith("file://") ? new URL(url).pathname : url;
  const modules = file.lastIndexOf("/node_modules/");
  if (modules >= 0) return file.slice(modules + 1);
  return file.startsWith(projectRoot) ? path.relative(projectRoot, file) : file;
}

function frameKey(frame: CallFrame, projectRoot: string, positions: OriginalPositions): string {
  const name = frame.functionName || "(anonymous)";
  const file = displayUrl(frame.url, projectRoot);
  if (file === "") return name;
  const original =
    frame.url.startsWith("file://") && !file.startsWith("node_modules/")
      ? positions.lookup(new URL(frame.url).pathname, frame.lineNumber, frame.columnNumber)
      : undefined;
  return `${original ?? `${file}:${frame.lineNumber + 1}`} ${name}`;
}

function fileKey(frame: CallFrame, projectRoot: string, positions: OriginalPositions): string | undefined {
  const file = displayUrl(frame.url, projectRoot);
  if (file === "" || file.startsWith("node:")) return undefined;
  const original =
    frame.url.startsWith("file://") && !file.startsWith("node_modules/")
      ? positions.lookup(new URL(frame.url).pathname, frame.lineNumber, frame.columnNumber)
      : undefined;
  return original?.replace(/:\d+$/, "") ?? file;
}

function ranked(times: ReadonlyMap<string, number>, totalMs: number, limit: number): HotSpot[] {
  return [...times]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([where, us]) => ({ where, ms: us / 1000, percent: totalMs > 0 ? (100 * us) / 1000 / totalMs : 0 }));
}

export function summarizeCpuProfile(file: string, projectRoot: string, limit = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const positions = new OriginalPositions(projectRoot);
  const keys = new Map<number, { frame: string; file: string | undefined }>();
  for (const node of profile.nodes) {
    keys.set(node.id, {
      frame: frameKey(node.callFrame, projectRoot, positions),
      file: fileKey(node.callFrame, projectRoot, positions),
    });
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((sampleId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    totalUs += delta;
    const leaf = keys.get(sampleId);
    if (!leaf) return;
    self.set(leaf.frame, (self.get(leaf.frame) ?? 0) + delta);
    const seenFrames = new Set<string>();
    const seenFiles = new Set<string>();
    for (let id: number | undefined = sampleId; id !== undefined; id = parentOf.get(id)) {
      const key = keys.get(id)!;
      seenFrames.add(key.frame);
      if (key.file) seenFiles.add(key.file);
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
