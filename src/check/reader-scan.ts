import type { DbtNode } from "../dbt/model.js";

/** A word of SQL: what an unquoted identifier, or the inside of a simple quoted one, consists of. */
const WORD = /[\p{L}\p{N}_$]+/gu;
const IS_WORD = /^[\p{L}\p{N}_$]+$/u;

/**
 * Which nodes' compiled SQL mentions a relation's name, found without parsing: the candidates whose SQL
 * may read a relation that depends_on does not name. Built once, in one pass over all compiled code,
 * keeping only the words that are some relation's name (compared without case: a candidate list, which the
 * caller confirms by parsing). A name that is not a single word (spaces, dots, dashes) is looked for as a
 * substring instead, when asked for.
 */
export class ReaderScan {
  private readonly byWord = new Map<string, DbtNode[]>();
  private readonly bySubstring = new Map<string, readonly DbtNode[]>();

  constructor(
    private readonly nodes: readonly DbtNode[],
    relationNames: Iterable<string>,
  ) {
    const wanted = new Set<string>();
    for (const name of relationNames) {
      const lower = name.toLowerCase();
      if (IS_WORD.test(lower)) wanted.add(lower);
    }
    for (const node of nodes) {
      const code = node.compiledCode;
      if (code === undefined) continue;
      for (const [word] of code.matchAll(WORD)) {
        const lower = word.toLowerCase();
        if (!wanted.has(lower)) continue;
        const list = this.byWord.get(lower);
        if (list === undefined) this.byWord.set(lower, [node]);
        else if (list[list.length - 1] !== node) list.push(node);
      }
    }
  }

  /** Nodes whose compiled SQL contains the name (any case). */
  mentioning(name: string): readonly DbtNode[] {
    const lower = name.toLowerCase();
    if (IS_WORD.test(lower)) return this.byWord.get(lower) ?? [];
    let found = this.bySubstring.get(lower);
    if (found === undefined) {
      found = this.nodes.filter((node) => node.compiledCode?.toLowerCase().includes(lower));
      this.bySubstring.set(lower, found);
    }
    return found;
  }
}
