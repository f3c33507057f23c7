import { writeFileSync } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { runCheck } from "../check/check.js";
import { loadConfig } from "../config/config.js";
import { isDialectName } from "../dialects/index.js";
import { EXIT_BLOCKED, EXIT_OK, SchematicError } from "../errors.js";
import { formatJson } from "../report/json.js";
import { formatText } from "../report/text.js";
import { type CliIo, useColor } from "./io.js";

export interface CheckCommandOptions {
  readonly config?: string;
  readonly dialect?: string;
  readonly migrations?: string;
  readonly dbtProject?: string;
  readonly manifest?: string;
  readonly catalog?: string;
  readonly targetPath?: string;
  readonly pending?: string[];
  readonly base?: string;
  readonly format: string;
  readonly output?: string;
  readonly color?: boolean;
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly failOn?: string;
}

export const FORMATS = ["text", "json"] as const;

export async function checkCommand(options: CheckCommandOptions, io: CliIo): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(options.format)) {
    throw new SchematicError("usage", `Unknown --format ${options.format}.`, {
      hint: `Use one of: ${FORMATS.join(", ")}.`,
    });
  }
  if (options.dialect !== undefined && !isDialectName(options.dialect)) {
    throw new SchematicError("usage", `Unknown --dialect ${options.dialect}.`, {
      hint: "Use postgres, mysql or starrocks.",
    });
  }
  if (options.failOn !== undefined && options.failOn !== "error" && options.failOn !== "warning") {
    throw new SchematicError("usage", `Unknown --fail-on ${options.failOn}.`, {
      hint: "Use error or warning.",
    });
  }
  const { config } = loadConfig(options.config, io.cwd, io.env);
  const effectiveConfig = options.failOn
    ? { ...config, failOn: options.failOn as "error" | "warning" }
    : config;
  const result = await runCheck({
    cwd: io.cwd,
    config: effectiveConfig,
    rules: RULES,
    env: io.env,
    ...(options.dialect && { dialect: options.dialect as "postgres" }),
    ...(options.migrations && { migrations: options.migrations }),
    ...(options.dbtProject && { dbtProject: options.dbtProject }),
    ...(options.manifest && { manifest: options.manifest }),
    ...(options.catalog && { catalog: options.catalog }),
    ...(options.targetPath && { targetPath: options.targetPath }),
    ...(options.pending && { pending: options.pending }),
    ...(options.base && { base: options.base }),
    ...(options.cache && { cache: true }),
    ...(options.cacheDir && { cacheDirectory: path.resolve(io.cwd, options.cacheDir) }),
  });
  const rendered =
    options.format === "json"
      ? formatJson(result)
      : formatText(result, { color: options.output ? false : useColor(io, options.color) });
  if (options.output) {
    const target = path.resolve(io.cwd, options.output);
    try {
      writeFileSync(target, rendered);
    } catch (error) {
      throw new SchematicError("io", `Cannot write ${options.output}: ${(error as Error).message}.`, {
        hint: "Check that its folder exists and is writable.",
      });
    }
    const verdict = result.blocked ? "blocked" : "passed";
    io.stdout.write(
      `schematic: ${verdict} (${result.summary.errors} errors, ${result.summary.warnings} warnings); report written to ${options.output}\n`,
    );
  } else io.stdout.write(rendered);
  return result.blocked ? EXIT_BLOCKED : EXIT_OK;
}
