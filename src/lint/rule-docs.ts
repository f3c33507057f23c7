import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * A rule's doc page, `rules/<id>.md` in the package. From the sources it is two folders up from here;
 * from the build (dist/src/lint) three.
 */
export function ruleDocPath(id: string): string | undefined {
  for (const relative of ["../../rules/", "../../../rules/"]) {
    const file = fileURLToPath(new URL(`${relative}${id}.md`, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function readRuleDoc(id: string): string | undefined {
  const file = ruleDocPath(id);
  return file === undefined ? undefined : readFileSync(file, "utf8");
}
