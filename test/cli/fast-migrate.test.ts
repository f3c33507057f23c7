import { describe, expect, it } from "vitest";
import { fastMigrate } from "../../src/cli/fast-migrate.js";
import type { CliIo } from "../../src/cli/io.js";
import { buildProgram } from "../../src/cli/program.js";

const io: CliIo = {
  cwd: "/",
  env: {},
  stdout: { write: () => true, isTTY: false },
  stderr: { write: () => true },
} as unknown as CliIo;

/** The options commander's program hands the migrate action for argv (the action is intercepted). */
async function commanderOptions(argv: readonly string[]): Promise<Record<string, unknown>> {
  const program = buildProgram(io, () => {});
  const [, name] = argv;
  const sub = program.commands.find((c) => c.name() === "migrate")!.commands.find((c) => c.name() === name)!;
  let seen: Record<string, unknown> = {};
  sub.action((options: Record<string, unknown>) => {
    seen = { ...options };
  });
  await program.parseAsync([...argv], { from: "user" });
  return seen;
}

describe("fastMigrate", () => {
  it.each([
    [["migrate", "up"]],
    [["migrate", "status", "--url", "postgres://u:p@h/db", "-m", "db/migrations"]],
    [["migrate", "current", "-f", "json", "--env", "prod", "-c", "conf/schematic.yml"]],
    [["migrate", "up", "--migrations", "m", "--config", "s.yml", "--format", "text"]],
  ])("reads %j as commander does", async (argv) => {
    const fast = fastMigrate(argv);
    expect(fast?.command).toBe(argv[1]);
    expect(fast?.options).toEqual(await commanderOptions(argv));
  });

  it.each([
    [["migrate", "down"]],
    [["migrate", "up", "--dry-run"]],
    [["migrate", "up", "--help"]],
    [["migrate", "up", "--url"]],
    [["migrate", "up", "--url", "-x"]],
    [["migrate", "up", "--url", "a", "--url", "b"]],
    [["migrate", "up", "--url=a"]],
    [["migrate", "status", "--format", "sarif"]],
    [["migrate", "up", "--to", "3"]],
    [["check"]],
    [["migrate"]],
  ])("leaves %j to commander", (argv) => {
    expect(fastMigrate(argv)).toBeUndefined();
  });
});
