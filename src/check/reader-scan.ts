import type { DbtNode } from "../dbt/model.js";

/** What separates words of SQL: anything an unquoted identifier (or a simple quoted one) cannot hold. */
const NOT_WORD = /[^\p{L}\p{N}_$]+/u;
const IS_WORD = /^[\p{L}\p{N}_$]+$/u;
/**
 * Names looked for one by one before the scan indexes every word instead: one search reads all compiled
 * code (~10 ms for 10k models), the index costs about as much as a dozen of them.
 */
const SEARCHES_BEFORE_INDEX = 12;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Which nodes' compiled SQL mentions a relation's schema and name, found without parsing: the candidates
 * whose SQL may read a relation that depends_on does not name (compared without case: a candidate list,
 * which the caller confirms by parsing). The first few names are searched for one by one, which is what a
 * check that touches a few tables needs; past that, one pass over all compiled code indexes the words that
 * are some relation's schema or name. A name that is not a single word (spaces, dots, dashes) is always
 * searched for as a substring.
 */
export class ReaderScan {
  private readonly found = new Map<string, readonly DbtNode[]>();
  private index: Map<string, DbtNode[]> | undefined;

  constructor(
    private readonly nodes: readonly DbtNode[],
    private readonly relationNames: () => Iterable<string>,
  ) {}

  /** Nodes whose compiled SQL contains every one of the names (any case). */
  mentioningAll(names: readonly string[]): readonly DbtNode[] {
    const lists = names.map((name) => this.mentioning(name)).sort((a, b) => a.length - b.length);
    const [shortest, ...others] = lists;
    if (shortest === undefined) return [];
    const sets = others.map((list) => new Set(list));
    return shortest.filter((node) => sets.every((set) => set.has(node)));
  }

  /** Nodes whose compiled SQL contains the name (any case) as a word, or as a substring when it is not one. */
  mentioning(name: string): readonly DbtNode[] {
    const lower = name.toLowerCase();
    const word = IS_WORD.test(lower);
    if (word && this.index) return this.index.get(lower) ?? [];
    const known = this.found.get(lower);
    if (known) return known;
    if (word && this.found.size >= SEARCHES_BEFORE_INDEX) {
      this.index = this.indexWords();
      return this.index.get(lower) ?? [];
    }
    const pattern = word
      ? new RegExp(`(?<![\\p{L}\\p{N}_$])${escapeRegExp(lower)}(?![\\p{L}\\p{N}_$])`, "iu")
      : new RegExp(escapeRegExp(lower), "iu");
    const nodes = this.nodes.filter(
      (node) => node.compiledCode !== undefined && pattern.test(node.compiledCode),
    );
    this.found.set(lower, nodes);
    return nodes;
  }

  /** One pass over all compiled code, keeping the words that are some relation's schema or name. */
  private indexWords(): Map<string, DbtNode[]> {
    const wanted = new Set<string>();
    for (const name of this.relationNames()) {
      const lower = name.toLowerCase();
      if (IS_WORD.test(lower)) wanted.add(lower);
    }
    const index = new Map<string, DbtNode[]>();
    for (const node of this.nodes) {
      // Lower-cased once and split: several times faster than matching word by word.
      for (const word of node.compiledCode?.toLowerCase().split(NOT_WORD) ?? []) {
        if (!wanted.has(word)) continue;
        const list = index.get(word);
        if (list === undefined) index.set(word, [node]);
        else if (list[list.length - 1] !== node) list.push(node);
      }
    }
    return index;
  }
}
