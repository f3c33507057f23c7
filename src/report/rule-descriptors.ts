/** What formatters say about a rule: its metadata and doc page, gathered once by the edge that has I/O. */
export interface RuleDescriptor {
  readonly id: string;
  readonly description: string;
  readonly category: string;
  readonly defaultSeverity: "error" | "warning" | "info";
  /** The rule's doc page (markdown), when there is one. */
  readonly doc?: string;
}

/** Schematic's own findings, which are not rules but appear in reports the same way. */
export const CORE_DESCRIPTORS: readonly RuleDescriptor[] = [
  {
    id: "opaque-statement",
    description:
      "A statement Schematic does not understand: the tables it names may be stale in the catalog.",
    category: "parser",
    defaultSeverity: "warning",
  },
  {
    id: "history-mismatch",
    description: "The migration history does not match itself (a dropped column that never existed, say).",
    category: "catalog",
    defaultSeverity: "info",
  },
  {
    id: "dbt-no-match",
    description:
      "No table the change alters is a dbt source, seed or model, or read by compiled SQL: the dbt checks saw nothing.",
    category: "dbt",
    defaultSeverity: "warning",
  },
  {
    id: "suppression-invalid",
    description: "A schematic-ignore comment without a reason, with an unknown rule or a bad date.",
    category: "suppression",
    defaultSeverity: "error",
  },
  {
    id: "suppression-expired",
    description: "A schematic-ignore comment past its expiry date: the findings it silenced are back.",
    category: "suppression",
    defaultSeverity: "warning",
  },
  {
    id: "suppression-unused",
    description: "A schematic-ignore comment that silences nothing.",
    category: "suppression",
    defaultSeverity: "warning",
  },
];
