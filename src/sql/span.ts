/** A half-open range of UTF-16 code-unit offsets into one file's text (what `String.prototype.slice` takes). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in characters (code points), as editors show it. */
  readonly column: number;
}

/**
 * Offsets stay offsets until a formatter needs a line and column; this index answers that in O(log n)
 * per lookup after one O(n) scan, so large migration files with many findings stay cheap.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    const lineStart = this.lineStarts[low]!;
    // Count code points, not UTF-16 units, so a column after an emoji matches the editor; on a line
    // without surrogate pairs (nearly all) they are the same, and a long line is not counted per lookup.
    if (!this.hasSurrogates(low)) return { line: low + 1, column: clamped - lineStart + 1 };
    let column = 1;
    for (let i = lineStart; i < clamped; i++) {
      const code = this.text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < clamped) {
        const next = this.text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      column++;
    }
    return { line: low + 1, column };
  }

  private readonly surrogateLines = new Map<number, boolean>();

  /** Whether the line (0-based) holds any UTF-16 surrogate, found once per line. */
  private hasSurrogates(line: number): boolean {
    let known = this.surrogateLines.get(line);
    if (known === undefined) {
      const end = this.lineStarts[line + 1] ?? this.text.length;
      known = /[\uD800-\uDFFF]/.test(this.text.slice(this.lineStarts[line]!, end));
      this.surrogateLines.set(line, known);
    }
    return known;
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/**
 * libpg_query reports UTF-8 byte offsets; JavaScript strings index UTF-16 code units. Returns a converter
 * from byte offset to string offset. For pure-ASCII text (the common case) it is the identity.
 */
export function byteToCharOffsets(text: string): (byteOffset: number) => number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for the ASCII range on purpose
  if (/^[\x00-\x7f]*$/.test(text)) return (byteOffset) => byteOffset;
  const byteStarts: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    byteStarts.push(bytes);
    const code = text.codePointAt(i)!;
    if (code > 0xffff) {
      byteStarts.push(bytes); // the low surrogate shares its pair's start
      bytes += 4;
      i++;
    } else bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  const totalBytes = bytes;
  return (byteOffset) => {
    if (byteOffset >= totalBytes) return text.length;
    let low = 0;
    let high = byteStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (byteStarts[mid]! <= byteOffset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
}
