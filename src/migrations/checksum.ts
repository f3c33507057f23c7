/**
 * A migration's checksum, as the history table records it: SHA-256 over the dialect lexer's tokens, each
 * length-prefixed so that token boundaries count (`ab` `c` is not `a` `bc`), comments and whitespace
 * left out. Reformatting a file or editing its comments never changes it; changing any token does.
 */
import { createHash } from "node:crypto";
import type { Dialect } from "../dialects/dialect.js";

/** Only the lexer is needed: a caller may pass a lexer loaded without its dialect's parser. */
export function migrationChecksum(dialect: Pick<Dialect, "tokens">, text: string): string {
  // One update with the whole string: the same bytes, so the same digest, without a call into the hash
  // per token (the status of 285 applied migrations checksums every one of them).
  let stream = "";
  for (const token of dialect.tokens(text)) {
    const piece = text.slice(token.start, token.end);
    stream += `${piece.length}:${piece}\n`;
  }
  return createHash("sha256").update(stream).digest("hex");
}
