import { formatName, qualify } from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { Constraint, RelationName } from "../src/sql/changes.js";

type NamedKind = "check" | "foreign_key" | "unique";

export interface RequireNamedConstraintsOptions {
  readonly kinds: readonly NamedKind[];
}

const KIND_NAMES: Readonly<Record<NamedKind, string>> = {
  check: "CHECK",
  foreign_key: "FOREIGN KEY",
  unique: "UNIQUE",
};

/**
 * An unnamed constraint gets a generated name, and the generators differ: PostgreSQL says `t_col_check`,
 * MySQL `t_chk_1`, MariaDB `CONSTRAINT_1`, and the numbered ones depend on what the table held before. A
 * later migration that drops or alters the constraint has to guess that name, and guesses differently per
 * database and per environment.
 */
export default defineRule<RequireNamedConstraintsOptions>({
  meta: {
    id: "require-named-constraints",
    description: "Require CHECK (and, by option, FOREIGN KEY and UNIQUE) constraints to be named explicitly.",
    category: "constraints",
    defaultSeverity: "warning",
    presets: ["strict"],
    messages: {
      unnamed:
        "{{constraint}} on {{object}} has no name: the database generates one, differently per database and environment, and a later DROP CONSTRAINT has to guess it.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        kinds: {
          type: "array",
          description: "Constraint kinds that must be named: check, foreign_key, unique.",
          items: { type: "string", enum: ["check", "foreign_key", "unique"] },
          uniqueItems: true,
          default: ["check"],
        },
      },
    },
    defaultOptions: { kinds: ["check"] },
  },
  check(context, options) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      let table: RelationName;
      let constraints: readonly Constraint[];
      if (change.kind === "create_table" && !change.table.temporary) {
        table = change.table.name;
        constraints = change.table.constraints;
      } else if (change.kind === "add_constraint") {
        table = change.table;
        constraints = [change.constraint];
      } else {
        continue;
      }
      const object = formatQualified(qualify(entry.before, table));
      for (const constraint of constraints) {
        if (!mustBeNamed(constraint, options.kinds)) continue;
        context.report({
          messageId: "unnamed",
          data: { constraint: describe(constraint), object },
          span: change.span,
          object,
          help: `Name it: CONSTRAINT <name> ${KIND_NAMES[constraint.kind as NamedKind]} …`,
        });
      }
    }
  },
});

function mustBeNamed(constraint: Constraint, kinds: readonly NamedKind[]): boolean {
  if (constraint.name !== undefined || !(kinds as readonly string[]).includes(constraint.kind)) return false;
  // An informational foreign key (MySQL inline REFERENCES, StarRocks) creates no constraint to drop later.
  return !(constraint.kind === "foreign_key" && constraint.informational);
}

function describe(constraint: Constraint): string {
  switch (constraint.kind) {
    case "check":
      return `CHECK (${abbreviate(constraint.expression)})`;
    case "foreign_key":
      return `FOREIGN KEY (${constraint.columns.join(", ")}) REFERENCES ${formatName(constraint.references.table)}`;
    case "unique":
      return `UNIQUE (${constraint.columns.join(", ")})`;
    case "primary_key":
      return `PRIMARY KEY (${constraint.columns.join(", ")})`;
  }
}

/** Long CHECK expressions (state machines over twenty columns) are shortened to one readable line. */
function abbreviate(expression: string, limit = 60): string {
  const line = expression.replace(/\s+/g, " ").trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1).trimEnd()}…`;
}
