/**
 * Database URLs: which engine a URL names, and how to show it without its password. Every output of
 * `migrate` names the database it used through displayUrl; secrets come only from the environment.
 */
import type { DialectName } from "../dialects/dialect.js";
import { describeUrlSchemes, dialectForUrlScheme } from "../dialects/index.js";
import { SchematicError } from "../errors.js";

/** The engine a URL's scheme names (the schemes are the dialect registry's). */
export function dialectOfUrl(url: string): DialectName {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new SchematicError("usage", `${displayUrl(url)} is not a database URL.`, {
      hint: "Write it as postgres://user@host:5432/db, mysql://user@host:3306/db or starrocks://user@host:9030/db (the password from the environment: ${DB_PASSWORD} in schematic.yml).",
    });
  }
  const dialect = dialectForUrlScheme(scheme);
  if (!dialect) {
    throw new SchematicError(
      "usage",
      `The URL scheme ${scheme} names no database Schematic runs migrations on.`,
      { hint: `Use ${describeUrlSchemes()}.` },
    );
  }
  return dialect;
}

/** The URL with its password (and any password= parameter) replaced, safe for every output. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    // Not a URL: say nothing of what it holds beyond its scheme-like start.
    return url.replace(/:\/\/[^@/]*@/, "://***@").replace(/(password=)[^&\s]*/gi, "$1***");
  }
}
