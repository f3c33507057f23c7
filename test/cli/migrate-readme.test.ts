/**
 * The README's "Migrate" section, run as written: each `sh` block's commands in a copy of the example
 * project, each output compared with the `text` block after it, on the embedded database (no URL, no
 * server), as a new user runs them.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const README_DATABASE = "embedded PostgreSQL (PGlite) in fixtures/market-data/.schematic/pglite";

/** The section's sh blocks, each with the text block that follows it. */
function examples(): { commands: string[]; output: string }[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Migrate");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const blocks = [...section.matchAll(/```(sh|text)\n([\s\S]*?)```/g)].map((match) => ({
    kind: match[1],
    body: match[2]!,
  }));
  const pairs: { commands: string[]; output: string }[] = [];
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    if (block.kind === "sh" && next?.kind === "text") {
      pairs.push({ commands: block.body.trim().split("\n"), output: next.body });
    }
  });
  return pairs;
}

const durations = (text: string) => text.replace(/\d+ ms\b/g, "N ms");

describe("the README's migrate example", () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-readme-"));
    for (const part of ["migrations", "fixtures/market-data", "schema"]) {
      cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
    }
    rmSync(path.join(dir, "fixtures/market-data/.schematic"), { recursive: true, force: true });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** What a run printed, durations aside (the database is the README's own). */
  const asInReadme = durations;

  async function run(command: string) {
    const [program, ...args] = command.split(/\s+/);
    if (program === "cp") {
      const [from, to] = args as [string, string];
      copyFileSync(path.join(dir, from), path.join(dir, to, path.basename(from)));
      return undefined;
    }
    if (program === "rm") {
      rmSync(path.join(dir, args[0]!));
      return undefined;
    }
    expect(program).toBe("npx");
    expect(args[0]).toBe("schematic");
    return runCli(args.slice(1), dir);
  }

  // The embedded database starts from its prepared cluster in seconds, more on a loaded machine.
  it("prints what the README shows, command by command", { timeout: 180_000 }, async () => {
    const [up, refused, down] = examples();
    expect([up, refused, down].every(Boolean)).toBe(true);

    const applied = await run(up!.commands[0]!);
    expect(applied).toMatchObject({ code: 0, stderr: "" });
    expect(asInReadme(applied!.stdout)).toBe(durations(up!.output));
    expect(applied!.stdout).toContain(README_DATABASE);
    // The database's thousands of files stay out of git without the user editing their .gitignore.
    const ignore = readFileSync(path.join(dir, "fixtures/market-data/.schematic/.gitignore"), "utf8");
    expect(ignore.split("\n")).toContain("*");

    await run(refused!.commands[0]!);
    const blocked = await run(refused!.commands[1]!);
    expect(blocked?.code).toBe(1);
    // The findings are check's own, for the file now in the folder; the README shows how it ends.
    const check = await runCli(
      [
        "check",
        "--config",
        "fixtures/market-data/schematic.yml",
        "--pending",
        "migrations/0008_float_prices_and_rename_close.sql",
      ],
      dir,
    );
    expect(blocked?.stdout).toBe(check.stdout);
    const lastLine = blocked!.stdout.trimEnd().split("\n").at(-1);
    expect(asInReadme(`${lastLine}\n${blocked!.stderr}`)).toBe(refused!.output);

    await run(down!.commands[0]!);
    const reverted = await run(down!.commands[1]!);
    expect(reverted?.code).toBe(0);
    expect(asInReadme(reverted!.stdout)).toBe(durations(down!.output));
  });
});
