import type { Diagnostic } from "../lint/diagnostic.js";
import { LineIndex, type Position } from "../sql/span.js";

/** Turns offsets into lines and columns, once per file: formatters share it. */
export class SourcePositions {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  index(file: string): LineIndex {
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(this.sources.get(file) ?? "");
      this.indexes.set(file, index);
    }
    return index;
  }

  start(diagnostic: Diagnostic): Position {
    return this.index(diagnostic.file).position(diagnostic.span.start);
  }

  end(diagnostic: Diagnostic): Position {
    return this.index(diagnostic.file).position(Math.max(diagnostic.span.start, diagnostic.span.end));
  }
}
