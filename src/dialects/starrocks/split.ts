import { isSymbol, type Token } from "./lexer.js";

/**
 * Splits a file's tokens into statements at top-level `;`. StarRocks has no stored procedures, so no
 * statement contains a `;` outside a string or comment (which the lexer already swallowed). The mysql
 * client's `\G` also ends a statement: documentation and scripts copied from a terminal use it.
 */
export function splitStatements(tokens: readonly Token[]): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  const finish = (): void => {
    if (current.length > 0) statements.push(current);
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isSymbol(token, ";")) {
      finish();
      continue;
    }
    const next = tokens[i + 1];
    if (
      isSymbol(token, "\\") &&
      next?.kind === "word" &&
      next.start === token.end &&
      /^[Gg]$/.test(next.text)
    ) {
      finish();
      i++;
      continue;
    }
    current.push(token);
  }
  finish();
  return statements;
}
