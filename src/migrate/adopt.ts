/**
 * `schematic migrate baseline`: adopt a database that Schematic did not migrate. Two sources say how far
 * it is: the history table of the tool that migrated it (foreign-history.ts), or, for a schema applied by
 * hand, the schema itself (schema-inference.ts). Either way the answer is one revision to stamp (every
 * migration up to it recorded as applied, none run), and an explanation of why; what cannot be stamped
 * truthfully (a gap, a half-applied migration, a version the folder lacks) is an error that says what is
 * missing.
 */
import type { Dialect } from "../dialects/dialect.js";
import { SchematicError } from "../errors.js";
import type { Migration } from "../migrations/loader.js";
import type { DatabaseDriver } from "./driver.js";
import {
  baselineFromForeign,
  detectForeignHistory,
  type ForeignHistory,
  type ForeignTool,
  lastIndex,
  TOOL_NAMES,
} from "./foreign-history.js";
import type { Migrator, RunResult } from "./runner.js";
import { type InferOptions, inferAppliedFromSchema } from "./schema-inference.js";

export {
  baselineFromForeign,
  detectForeignHistory,
  type ForeignBaseline,
  type ForeignHistory,
  type ForeignTool,
} from "./foreign-history.js";
export {
  describeObject,
  type InferOptions,
  type InferredMigration,
  type InferredSchema,
  inferAppliedFromSchema,
  type SchemaObject,
} from "./schema-inference.js";

export interface BaselinePlan {
  /** The revision to stamp: a migration id, or "base" when nothing is applied (nothing to record). */
  readonly revision: string;
  /** Where the answer came from. */
  readonly source: ForeignTool | "schema" | "empty";
  /** The migrations the stamp records as applied, in order. */
  readonly applied: readonly string[];
  /** Why, in sentences for the user. */
  readonly explanation: readonly string[];
}

export interface BaselineSetup extends InferOptions {
  readonly driver: DatabaseDriver;
  readonly dialect: Dialect;
  /** In the loader's order. */
  readonly migrations: readonly Migration[];
  /** Schematic's own history: a database it already records is not adopted again. */
  readonly migrator: Pick<Migrator, "status">;
  /** Where the other tools' history tables are (default: the session's schema). */
  readonly foreignSchema?: string;
}

function listed(ids: readonly string[], most = 5): string {
  const shown = ids.slice(0, most).join(", ");
  return ids.length > most ? `${shown} and ${ids.length - most} more` : shown;
}

/** What `baseline` would stamp and why; reads only. */
export async function planBaseline(setup: BaselineSetup): Promise<BaselinePlan> {
  const status = await setup.migrator.status();
  if (status.applied.length > 0) {
    throw new SchematicError(
      "migration-history",
      `This database already has a Schematic history (${status.applied.length} migrations, the latest ${status.current ?? status.applied.at(-1)!.row.id}); there is nothing to adopt.`,
      {
        hint: "`schematic migrate status` shows it; to move it by hand, `schematic migrate stamp <id>`.",
      },
    );
  }
  const foreign = await detectForeignHistory(setup.driver, {
    ...(setup.foreignSchema !== undefined && { schema: setup.foreignSchema }),
  });
  if (foreign.length > 1) {
    throw new SchematicError(
      "migration-history",
      `This database has the history tables of ${foreign.map((one) => `${TOOL_NAMES[one.tool]} (${one.table})`).join(" and ")}; which one is right cannot be told.`,
      {
        hint: "Drop the stale one, or say where the database stands with `schematic migrate stamp <id>`.",
      },
    );
  }
  const [history] = foreign;
  const plan = history ? planFromForeign(history, setup.migrations) : await planFromSchema(setup);
  const repeatable = setup.migrations.filter((migration) => migration.repeatable).length;
  if (plan.revision === "base" || repeatable === 0) return plan;
  return {
    ...plan,
    explanation: [
      ...plan.explanation,
      `${repeatable === 1 ? "The repeatable migration is" : `The ${repeatable} repeatable migrations are`} not stamped: the next \`up\` runs ${repeatable === 1 ? "it" : "them"} once (repeatable migrations are written to run again).`,
    ],
  };
}

function planFromForeign(history: ForeignHistory, migrations: readonly Migration[]): BaselinePlan {
  const tool = TOOL_NAMES[history.tool];
  if (history.failed.length > 0) {
    throw new SchematicError(
      "migration-history",
      `${tool}'s history (${history.table}) marks ${listed(history.failed)} as ${history.tool === "golang-migrate" ? "dirty" : "failed"}: the database is part-way through a migration.`,
      {
        hint: `Finish or undo it with ${tool} (or by hand and \`${history.tool === "flyway" ? "flyway repair" : "migrate force"}\`), then run baseline again.`,
      },
    );
  }
  const mapped = baselineFromForeign(history, migrations);
  if (mapped.unmatched.length > 0) {
    throw new SchematicError(
      "migration-history",
      `${tool}'s history (${history.table}) records ${listed(mapped.unmatched)}, which no migration in the folder matches.`,
      {
        hint: "Point --migrations at the folder that tool ran, or add the missing files; Schematic stamps only what it can find.",
      },
    );
  }
  if (mapped.gaps.length > 0) {
    throw new SchematicError(
      "migration-history",
      `${tool} applied migrations after ${listed(mapped.gaps)} but not ${mapped.gaps.length === 1 ? "it" : "them"}: a stamp records everything up to ${mapped.stamp}, so it would record ${mapped.gaps.length === 1 ? "that one" : "those"} as applied too.`,
      {
        hint: `Apply ${mapped.gaps.length === 1 ? "it" : "them"} with ${tool} first, or stamp an earlier revision with \`schematic migrate stamp <id>\` and let \`up\` apply the rest.`,
      },
    );
  }
  const versions = history.versions.length;
  if (!mapped.stamp) {
    return {
      revision: "base",
      source: history.tool,
      applied: [],
      explanation: [
        `${tool}'s history table ${history.table} is empty: nothing to stamp; \`schematic migrate up\` applies all ${migrations.length} migrations.`,
      ],
    };
  }
  return {
    revision: mapped.stamp,
    source: history.tool,
    applied: mapped.applied,
    explanation: [
      history.headOnly
        ? `${tool}'s history table ${history.table} says the database is at ${history.versions.join(", ")}: migration ${mapped.stamp}.`
        : `${tool}'s history table ${history.table} records ${versions} applied version${versions === 1 ? "" : "s"}, the latest being migration ${mapped.stamp}.`,
      `Stamping ${mapped.stamp}: ${mapped.applied.length} migration${mapped.applied.length === 1 ? "" : "s"} recorded as applied, none run; ${migrations.filter((m) => !m.repeatable).length - mapped.applied.length} left for \`schematic migrate up\`.`,
    ],
  };
}

async function planFromSchema(setup: BaselineSetup): Promise<BaselinePlan> {
  const inferred = await inferAppliedFromSchema(setup.migrations, setup.dialect, setup.driver.probe, setup);
  const states = inferred.migrations;
  const partial = states.filter((migration) => migration.state === "partial");
  if (partial.length > 0) {
    const first = partial[0]!;
    throw new SchematicError(
      "migration-history",
      `Migration ${first.id} is partly in the database: it has ${listed(first.present, 3)} but not ${listed(first.missing, 3)}${partial.length > 1 ? ` (and ${partial.length - 1} more migrations are partial: ${listed(partial.slice(1).map((m) => m.id))})` : ""}.`,
      {
        hint: `Finish it by hand (or undo what is there), then run baseline again; or, if you know where the database stands, \`schematic migrate stamp <id>\`.`,
      },
    );
  }
  const last = lastIndex(states, (migration) => migration.state === "applied");
  const gaps = states.slice(0, last + 1).filter((migration) => migration.state === "not-applied");
  if (gaps.length > 0) {
    throw new SchematicError(
      "migration-history",
      `The schema has migration ${states[last]!.id} but not ${listed(gaps.map((m) => m.id))} before it (${listed(gaps[0]!.missing, 3)} missing): a stamp would record ${gaps.length === 1 ? "it" : "them"} as applied.`,
      {
        hint: `Apply ${gaps.length === 1 ? "it" : "them"} by hand first, or stamp an earlier revision with \`schematic migrate stamp <id>\` and let \`up\` apply the rest.`,
      },
    );
  }
  const after = states.slice(last + 1);
  const unknownAfter = after.filter((migration) => migration.state === "unknown");
  const unknownNote =
    unknownAfter.length > 0
      ? [
          `${listed(unknownAfter.map((m) => m.id))} leave${unknownAfter.length === 1 ? "s" : ""} nothing Schematic looks for in the schema (tables, views, columns, named indexes: it may change data, constraints, functions or grants), so ${unknownAfter.length === 1 ? "it is" : "they are"} taken as not applied; if ${unknownAfter.length === 1 ? "it was" : "they were"}, stamp the right revision with \`schematic migrate stamp <id>\`.`,
        ]
      : [];
  if (last < 0) {
    return {
      revision: "base",
      source: "empty",
      applied: [],
      explanation: [
        `No other tool's history table, and none of what the migrations create is in the database: nothing to stamp; \`schematic migrate up\` applies all ${states.length} migrations.`,
        ...unknownNote,
      ],
    };
  }
  const applied = states.slice(0, last + 1).map((migration) => migration.id);
  const stamp = applied.at(-1)!;
  const unconfirmed = states
    .slice(0, last + 1)
    .flatMap((migration) => migration.unconfirmed.map((object) => `${object} (${migration.id})`));
  const unconfirmedNote =
    unconfirmed.length > 0
      ? [
          `Not found under the name the migrations give, though later migrations are applied: ${listed(unconfirmed, 3)}. A rename the migrations do (ADD PRIMARY KEY USING INDEX) can explain it; check before relying on the stamp.`,
        ]
      : [];
  return {
    revision: stamp,
    source: "schema",
    applied,
    explanation: [
      `No other tool's history table; the schema has what migrations up to ${stamp} create (${listed(states[last]!.present, 3)})${after.length - unknownAfter.length > 0 ? `, and none of what the ${after.length - unknownAfter.length} after it create` : ""}.`,
      `Stamping ${stamp}: ${applied.length} migration${applied.length === 1 ? "" : "s"} recorded as applied, none run; ${after.length} left for \`schematic migrate up\`.`,
      ...unconfirmedNote,
      ...unknownNote,
    ],
  };
}

/**
 * Adopts the database: plans (see planBaseline) and stamps the revision through the migrator, under its
 * run lock; with `dryRun`, returns the SQL the stamp would run instead.
 */
export async function baseline(
  setup: BaselineSetup & { readonly migrator: Migrator; readonly dryRun?: boolean },
): Promise<{ readonly plan: BaselinePlan; readonly result: RunResult }> {
  const plan = await planBaseline(setup);
  if (plan.revision === "base")
    return { plan, result: { results: [], ok: true, ...(setup.dryRun && { sql: [] }) } };
  const result = await setup.migrator.stamp(plan.revision, { dryRun: setup.dryRun ?? false });
  return { plan, result };
}
