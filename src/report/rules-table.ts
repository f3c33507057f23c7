import type { Rule } from "../lint/rule.js";

/** The README's table of rules, written from the rules' own metadata so that the two cannot drift apart. */
export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => {
    const presets = rule.meta.presets.filter((preset) => preset !== "strict");
    return `| [\`${rule.meta.id}\`](rules/${rule.meta.id}.md) | ${rule.meta.category} | ${rule.meta.defaultSeverity} | ${presets.join(", ") || "strict"} | ${rule.meta.description.replace(/\|/g, "\\|")} |`;
  });
  return [
    "| rule | category | severity | presets | finds |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
