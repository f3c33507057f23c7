import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_FILE_NAMES } from "../config/config.js";
import { inspectRepository, renderConfig } from "../config/init.js";
import { EXIT_OK, SchematicError } from "../errors.js";
import type { CliIo } from "./io.js";

/** `schematic init`: writes a starting schematic.yml from what the working directory holds, and says what it found. */
export async function initCommand(io: CliIo): Promise<number> {
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(path.join(io.cwd, name)));
  if (existing) {
    throw new SchematicError("usage", `${existing} already exists: schematic init does not overwrite it.`, {
      hint: "Edit it (the keys are in schema/schematic.schema.json and the README), or remove it and run init again.",
    });
  }
  const findings = inspectRepository(io.cwd);
  const target = path.join(io.cwd, CONFIG_FILE_NAMES[0]);
  try {
    writeFileSync(target, renderConfig(findings, io.cwd), { flag: "wx" });
  } catch (error) {
    throw new SchematicError("io", `Cannot write ${CONFIG_FILE_NAMES[0]}: ${(error as Error).message}.`, {
      hint: "Check that the current folder is writable.",
      cause: error,
    });
  }
  const relative = (folder: string) => path.relative(io.cwd, folder).split(path.sep).join("/") || ".";
  const { migrations, dialect, dbtProject, placeholders } = findings;
  const lines = [
    `Wrote ${CONFIG_FILE_NAMES[0]}:`,
    migrations
      ? `  migrations: ${relative(migrations.folder)} (${migrations.files.length} migration scripts)`
      : "  migrations: not found (no folder of versioned .sql files); set migrations: by hand",
    dialect
      ? `  dialect: ${dialect.dialect} (${dialect.reason})`
      : "  dialect: not recognised; the check takes the dbt manifest's adapter, else postgres",
    dbtProject
      ? `  dbt project: ${relative(dbtProject)} (dbt_project.yml)`
      : "  dbt project: not found (no dbt_project.yml); set dbt: project: to check dbt models",
    ...(placeholders.syntax.length > 0
      ? [
          `  placeholders: ${placeholders.syntax.join(", ")} (${placeholders.names.join(", ")}); give each its value under placeholders:`,
        ]
      : []),
    "Next: schematic check (and schematic rules to see what it checks).",
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
  return EXIT_OK;
}
