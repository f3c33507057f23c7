/** StarRocks' tokens for checksums and edit detection, loadable without the parser (the registry's lexer slot). */
import type { Span } from "../../sql/span.js";
import { tokenize } from "./lexer.js";

export function starrocksTokens(sql: string): readonly Span[] {
  return tokenize(sql).tokens;
}
