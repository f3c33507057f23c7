/**
 * The command table (commander): loaded by main for every command line but the few fastMigrate reads.
 */
import type { EventEmitter } from "node:events";
import { Command, InvalidArgumentError, Option } from "commander";
import { DIALECT_SPELLINGS } from "../dialects/index.js";
import type { CliIo } from "./io.js";
import { VERSION } from "./version.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The command table. Each command's implementation is imported when it runs, so `schematic --help`
 * and a pre-commit hook that only checks never load what they do not use.
 */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("schematic")
    .description("Stop the migration that breaks your dbt models at the pull request.")
    .version(VERSION, "-v, --version")
    // -V too, as earlier versions had it (commander takes one short flag).
    .addOption(new Option("-V").hideHelp())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`schematic: ${text.replace(/^error: /, "")}`),
    })
    .showSuggestionAfterError(true);
  // Commander's Command is an EventEmitter; its typings leave emit out.
  program.on("option:V", () => (program as unknown as EventEmitter).emit("option:version"));

  program
    .command("check")
    .description("Parse migrations into a schema catalog and check them against every downstream dbt node.")
    .argument(
      "[files...]",
      "migration files under review, as pre-commit passes them (files that are not .sql are ignored)",
    )
    .option(
      "-c, --config <file>",
      "schematic.yml to read (default: the nearest one, up to the repository root)",
    )
    .addOption(
      new Option(
        "-d, --dialect <dialect>",
        "SQL dialect of the migrations (default: the dbt manifest's adapter, else postgres)",
      ).choices(DIALECT_SPELLINGS),
    )
    .option("-m, --migrations <dir>", "folder of SQL migrations (default: migrations, beside schematic.yml)")
    .option("--dbt-project <dir>", "dbt project folder; reads <dir>/target/manifest.json (and catalog.json)")
    .option("--manifest <file>", "dbt manifest.json to read")
    .option("--catalog <file>", "dbt catalog.json to read (default: beside the manifest, when present)")
    .option("--target-path <dir>", "dbt target path, relative to the dbt project (like dbt --target-path)")
    .option("--pending <file...>", "the migration files under review (default: all; see --base)", collect)
    .option(
      "--exclude <glob>",
      "migration files not to parse or replay, relative to the current folder (repeatable)",
      collect,
    )
    .option(
      "--base <ref>",
      "git ref the change is compared with: files added or changed since it are pending",
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "sarif", "github", "markdown"])
        .default("text"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .addOption(
      new Option("--fail-on <severity>", "lowest severity of a pending finding that blocks").choices([
        "error",
        "warning",
      ]),
    )
    .option("-q, --quiet", "report errors only: warnings and notes are neither shown nor counted")
    .option("--max-warnings <n>", "block the change when it has more than n warnings", (value: string) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Give a whole number of warnings, 0 or more.");
      return Number(value);
    })
    .option("--cache", "reuse parses of unchanged migration files from earlier runs (for pre-commit hooks)")
    .option(
      "--cache-dir <dir>",
      "where --cache keeps them (default: $XDG_CACHE_HOME/schematic or ~/.cache/schematic)",
    )
    .option(
      "--since <version>",
      "review migrations from this version on; earlier ones are replayed, not reviewed (baseline: in schematic.yml)",
    )
    .option(
      "--show-existing",
      "list the findings in applied migrations too (text format; default: count them)",
    )
    .option("--url <url>", "a database: the migrations not applied in it are pending (before `migrate up`)")
    .option("--env <name>", "like --url, with the database of this environment in schematic.yml")
    .option("--verbose", "say on stderr which settings were used and which files were ignored")
    .option("--color", "force coloured output")
    .option("--no-color", "disable coloured output")
    .action(async (files: string[], options) => {
      const { checkCommand } = await import("./check-command.js");
      setExit(await checkCommand({ ...options, files }, io));
    });

  program
    .command("init")
    .description(
      "Write a starting schematic.yml from what this folder holds (migrations, dialect, dbt project); never overwrites one.",
    )
    .action(async () => {
      const { initCommand } = await import("./init-command.js");
      setExit(await initCommand(io));
    });

  program
    .command("rules [id]")
    .description(
      "List the rules with their severity in the active configuration, or print one rule's doc page.",
    )
    .option(
      "-c, --config <file>",
      "schematic.yml to read (default: the nearest one, up to the repository root)",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (id: string | undefined, options) => {
      const { rulesCommand } = await import("./rules-command.js");
      setExit(await rulesCommand(id, options, io));
    });

  registerMigrate(program, io, setExit);

  return program;
}

const wholeNumber = (what: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`Give a whole number of ${what}.`);
  return Number(value);
};

/**
 * `schematic migrate <command>`: one subcommand per runner command, each with the options that say which
 * database (like `check`'s, plus --url and --env); the implementation loads when one runs.
 */
function registerMigrate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const migrate = program
    .command("migrate")
    .description(
      "Apply and undo migrations, checked first as `schematic check` checks them (PostgreSQL, MySQL/MariaDB, or an embedded PostgreSQL when no database is given).",
    );
  const command = (
    name: string,
    description: string,
    options: { changes?: boolean; argument?: string } = {},
  ): Command => {
    const sub = migrate.command(name).description(description);
    if (options.argument) sub.argument(options.argument);
    sub
      .option(
        "-c, --config <file>",
        "schematic.yml to read (default: the nearest one, up to the repository root)",
      )
      .option("--env <name>", "the environment of schematic.yml whose database to use")
      .option(
        "--url <url>",
        "the database URL (default: --env, SCHEMATIC_DATABASE_URL, defaultEnvironment, else embedded)",
      )
      .addOption(
        new Option(
          "-d, --dialect <dialect>",
          "SQL dialect of the migrations (default: the database's)",
        ).choices(DIALECT_SPELLINGS),
      )
      .option(
        "-m, --migrations <dir>",
        "folder of SQL migrations (default: migrations, beside schematic.yml)",
      )
      .addOption(
        new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"),
      );
    if (options.changes) {
      sub
        .option(
          "--dry-run",
          "print the SQL it would run (the lock and the history table's too), and run nothing",
        )
        .option(
          "--lock-timeout <seconds>",
          "how long to wait for another runner's lock (default 300)",
          wholeNumber("seconds"),
        );
    }
    sub.option("--color", "force coloured output").option("--no-color", "disable coloured output");
    sub.action(async (...args: unknown[]) => {
      const commandOptions = (args.length >= 3 ? args[1] : args[0]) as Record<string, unknown>;
      const argument = args.length >= 3 ? (args[0] as string | undefined) : undefined;
      const { migrateCommand } = await import("./migrate-command.js");
      setExit(
        await migrateCommand(
          name as import("./migrate-command.js").MigrateCommandName,
          argument,
          commandOptions as unknown as import("./migrate-command.js").MigrateOptions,
          io,
        ),
      );
    });
    return sub;
  };
  command("up", "Apply pending migrations (all, --to REV, or --step N), after checking them.", {
    changes: true,
  })
    .option("--to <revision>", "apply up to and including this migration")
    .option("--step <n>", "apply this many", wholeNumber("migrations"))
    .option("--force", "apply even though the check blocks (needs --reason)")
    .option("--reason <text>", "why the check's findings are accepted; kept in the history with the rules")
    .option("--out-of-order", "apply pending migrations that sort before the latest applied one");
  command("down", "Undo applied migrations: one (default), --step N, or --to REV (--to base: all).", {
    changes: true,
  })
    .option("--to <revision>", "undo every migration applied after this one (base: all of them)")
    .option("--step <n>", "undo this many", wholeNumber("migrations"));
  command("redo", "Undo the latest migration and apply it again.", { changes: true }).option(
    "--out-of-order",
    "go on although pending migrations sort before the latest applied one",
  );
  command("status", "Where the database stands: current, applied, pending, dirty, edited, missing.");
  command("history", "The history table: every migration applied, when, how long, by whom.");
  command("current", "The latest migration the database has (base when none).");
  command("stamp", "Record the database as being at REV without running anything (base: nothing applied).", {
    changes: true,
    argument: "<revision>",
  });
  command(
    "new",
    "Write the next migration file in the folder's own naming scheme, with up and down sections.",
    {
      argument: "<name>",
    },
  );
  command(
    "baseline",
    "Adopt a database Schematic did not migrate: read Flyway's, Alembic's, dbmate's or golang-migrate's history (or the schema itself) and stamp the matching revision.",
    { changes: true },
  );
  command(
    "verify",
    "Compare the history with the folder: edited, missing and unknown migrations (exit 1 when any).",
  );
  command(
    "repair",
    "Settle a dirty migration after fixing the database by hand, or accept a cosmetic edit.",
    {
      changes: true,
      argument: "[id]",
    },
  )
    .option("--applied", "the rest of the migration was applied by hand: mark it applied")
    .option("--reverted", "what it had done was undone by hand: remove its row (it runs again)")
    .option("--resume-at <n>", "run it again from statement n (1-based)", wholeNumber("statements"))
    .option("--accept-edit", "accept an edited migration when the edit is cosmetic (the schema is the same)");
}
