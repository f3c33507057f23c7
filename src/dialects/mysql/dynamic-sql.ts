/**
 * Migrations often wrap DDL in a stored procedure so that it can be made conditional, then CALL it:
 *
 *   CREATE PROCEDURE drop_fk(IN t VARCHAR(64), IN fk VARCHAR(64)) BEGIN
 *     IF EXISTS (…) THEN SET @q = CONCAT('ALTER TABLE ', t, ' DROP FOREIGN KEY ', fk);
 *       PREPARE s FROM @q; EXECUTE s; END IF; END;
 *   CALL drop_fk('orders', 'orders_customer_fk');
 *
 * This module records what a procedure runs (static DDL, and dynamic SQL built with CONCAT from literals
 * and parameters) so that a CALL with literal arguments can be expanded into the SQL it executes. The
 * same applies to top-level SET @q = …; PREPARE s FROM @q; EXECUTE s.
 */
import type { Token } from "./lexer.js";

/** A piece of a string built at run time: literal text or the value of a procedure parameter. */
export type StringPart =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "parameter"; readonly index: number };

export interface ProcedureDefinition {
  /** Parameter names, lower case, in order. */
  readonly parameters: readonly string[];
  /** Each statement the body runs that may change schema: static DDL or EXECUTEd dynamic SQL. */
  readonly runs: readonly (readonly StringPart[])[];
  /** The body branches or loops: what it runs may not run on every call. */
  readonly conditional: boolean;
  /** The body runs SQL that cannot be reconstructed (built from queried values, say). */
  readonly unknownEffects: boolean;
}

/** Per-file memory of procedures, user variables and prepared statements, in statement order. */
export class ScriptState {
  readonly procedures = new Map<string, ProcedureDefinition>();
  /** Top-level user variables holding known strings (`@q`, lower case). */
  readonly variables = new Map<string, string>();
  /** Prepared statements by lower-case name; undefined when their text is unknown. */
  readonly prepared = new Map<string, string | undefined>();
}

const SCHEMA_VERBS: ReadonlySet<string> = new Set(["ALTER", "CREATE", "DROP", "RENAME", "TRUNCATE"]);
const CONTROL_FLOW: ReadonlySet<string> = new Set([
  "IF",
  "CASE",
  "WHILE",
  "LOOP",
  "REPEAT",
  "ELSE",
  "ELSEIF",
]);
/** Tokens after which a new statement starts inside a body. */
const BODY_STATEMENT_START: ReadonlySet<string> = new Set([
  ";",
  "BEGIN",
  "THEN",
  "ELSE",
  "DO",
  ":",
  "LOOP",
  "REPEAT",
]);

/**
 * Reads CREATE [DEFINER=…] PROCEDURE name (params) … body. Returns its lower-case name and what it runs,
 * or undefined when the statement is not a procedure.
 */
export function readProcedure(
  tokens: readonly Token[],
  textOf: (from: number, to: number) => string,
): { name: string; definition: ProcedureDefinition } | undefined {
  const keyword = tokens.findIndex((token) => token.upper === "PROCEDURE");
  if (keyword === -1) return undefined;
  let i = keyword + 1;
  if (tokens[i]?.upper === "IF") i += 3; // IF NOT EXISTS (MariaDB)
  let name = tokens[i]?.value;
  if (tokens[i + 1]?.text === ".") {
    i += 2;
    name = tokens[i]?.value;
  }
  if (name === undefined || tokens[i + 1]?.text !== "(") return undefined;
  const close = matchingParen(tokens, i + 1);
  const parameters = parameterNames(tokens.slice(i + 2, close));
  const body = tokens.slice(close + 1);
  return { name: name.toLowerCase(), definition: readBody(body, parameters, textOf, close + 1) };
}

function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const text = tokens[i]!.kind === "punct" ? tokens[i]!.text : "";
    if (text === "(") depth++;
    else if (text === ")" && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** [IN | OUT | INOUT] name type, … */
function parameterNames(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  let expectName = true;
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "punct") {
      if (token.text === "(") depth++;
      else if (token.text === ")") depth--;
      else if (token.text === "," && depth === 0) expectName = true;
      continue;
    }
    if (!expectName) continue;
    if (token.upper === "IN" || token.upper === "OUT" || token.upper === "INOUT") continue;
    names.push(token.value.toLowerCase());
    expectName = false;
  }
  return names;
}

function readBody(
  body: readonly Token[],
  parameters: readonly string[],
  textOf: (from: number, to: number) => string,
  offset: number,
): ProcedureDefinition {
  const variables = new Map<string, readonly StringPart[] | undefined>();
  const prepared = new Map<string, readonly StringPart[] | undefined>();
  const runs: (readonly StringPart[])[] = [];
  let conditional = false;
  let unknownEffects = false;

  for (let i = 0; i < body.length; i++) {
    const previous = body[i - 1];
    const atStatementStart =
      previous !== undefined && BODY_STATEMENT_START.has(previous.upper || previous.text);
    const token = body[i]!;
    if (CONTROL_FLOW.has(token.upper) && atStatementStart) conditional = true;
    if (!atStatementStart || token.kind !== "word") continue;
    const end = statementEnd(body, i);

    if (token.upper === "SET" && (body[i + 2]?.text === "=" || body[i + 2]?.text === ":=")) {
      const target = body[i + 1]!;
      variables.set(
        target.text.toLowerCase(),
        stringExpression(body.slice(i + 3, end), parameters, variables),
      );
    } else if (token.upper === "PREPARE" && body[i + 2]?.upper === "FROM") {
      prepared.set(
        body[i + 1]!.text.toLowerCase(),
        stringExpression(body.slice(i + 3, end), parameters, variables),
      );
    } else if (token.upper === "EXECUTE") {
      const text = prepared.get(body[i + 1]?.text.toLowerCase() ?? "");
      if (text) runs.push(text);
      else unknownEffects = true;
    } else if (SCHEMA_VERBS.has(token.upper)) {
      // Static DDL cannot use parameters as names: its text is what runs.
      runs.push([{ kind: "literal", value: textOf(offset + i, offset + end) }]);
    }
  }
  return { parameters, runs, conditional, unknownEffects };
}

function statementEnd(body: readonly Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < body.length; i++) {
    const text = body[i]!.kind === "punct" ? body[i]!.text : "";
    if (text === "(") depth++;
    else if (text === ")") depth--;
    else if (text === ";" && depth === 0) return i;
  }
  return body.length;
}

/**
 * A string expression built from 'literals', CONCAT(…), parameters and variables holding such values;
 * undefined when any part is not known before the procedure runs.
 */
export function stringExpression(
  tokens: readonly Token[],
  parameters: readonly string[],
  variables: ReadonlyMap<string, readonly StringPart[] | undefined>,
): readonly StringPart[] | undefined {
  if (tokens.length === 0) return undefined;
  const first = tokens[0]!;
  if (tokens.length === 1) {
    if (first.kind === "string") return [{ kind: "literal", value: first.value }];
    if (first.kind === "number") return [{ kind: "literal", value: first.text }];
    const key = first.text.toLowerCase();
    if (variables.has(key)) return variables.get(key);
    const index = parameters.indexOf(first.value.toLowerCase());
    return index === -1 ? undefined : [{ kind: "parameter", index }];
  }
  if (first.upper === "CONCAT" && tokens[1]?.text === "(" && tokens.at(-1)?.text === ")") {
    const parts: StringPart[] = [];
    for (const argument of splitArguments(tokens.slice(2, -1))) {
      const value = stringExpression(argument, parameters, variables);
      if (!value) return undefined;
      parts.push(...value);
    }
    return parts;
  }
  if (first.text === "(" && tokens.at(-1)?.text === ")")
    return stringExpression(tokens.slice(1, -1), parameters, variables);
  return undefined;
}

/** Splits call arguments at top-level commas. */
export function splitArguments(tokens: readonly Token[]): Token[][] {
  const argumentsList: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "punct") {
      if (token.text === "(") depth++;
      else if (token.text === ")") depth--;
      else if (token.text === "," && depth === 0) {
        argumentsList.push([]);
        continue;
      }
    }
    argumentsList.at(-1)!.push(token);
  }
  return argumentsList.filter((argument) => argument.length > 0);
}

/** The SQL text of a run with the call's argument values substituted. */
export function substitute(parts: readonly StringPart[], values: readonly string[]): string | undefined {
  let text = "";
  for (const part of parts) {
    if (part.kind === "literal") text += part.value;
    else {
      const value = values[part.index];
      if (value === undefined) return undefined;
      text += value;
    }
  }
  return text;
}
