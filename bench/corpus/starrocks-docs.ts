/**
 * Pulls the SQL examples out of StarRocks documentation pages (Markdown): the bodies of ```sql and ~~~sql
 * fences, in any letter case. Fences of other languages (plaintext syntax summaries, shell, output) are
 * skipped. Examples copied from a mysql terminal are cleaned so that only SQL remains: the `mysql>` and
 * `->` prompts are removed and result tables, row counts and load results are dropped.
 */

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([A-Za-z][\w+-]*)?[^\n]*$/;

/** Terminal output lines inside SQL examples: result tables, "3 rows in set", "Query OK", load results. */
const OUTPUT_LINE =
  /^\s*(\+[-+]+\+?\s*$|\|.*\|\s*$|\d+ rows? in set|Empty set|Query OK|Records:|\{\s*'label'|\*{5,}\s*\d+\. row)/i;

function dedent(lines: readonly string[], indent: number): string[] {
  return lines.map((line) => {
    const leading = /^\s*/.exec(line)![0].length;
    return line.slice(Math.min(indent, leading));
  });
}

function cleanTerminalLine(line: string): string | undefined {
  if (OUTPUT_LINE.test(line)) return undefined;
  return line.replace(/^(\s*)mysql>\s?/i, "$1").replace(/^\s*->\s/, "");
}

export function extractStarrocksSql(markdown: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const marker = open[2]!;
    const language = (open[3] ?? "").toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    while (
      j < lines.length &&
      !new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`).test(lines[j]!)
    ) {
      body.push(lines[j]!);
      j++;
    }
    i = j;
    if (language !== "sql") continue;
    const cleaned = dedent(body, indent)
      .map(cleanTerminalLine)
      .filter((line): line is string => line !== undefined);
    const text = cleaned.join("\n").trim();
    if (text !== "") blocks.push(text);
  }
  return blocks;
}
