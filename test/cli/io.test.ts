import tty from "node:tty";
import { describe, expect, it } from "vitest";
import { type CliIo, useColor } from "../../src/cli/io.js";

/** A terminal whose colour support Node's own WriteStream.hasColors decides, as for process.stdout. */
const terminal = { write: () => true, isTTY: true, hasColors: tty.WriteStream.prototype.hasColors };
const pipe = { write: () => true, isTTY: false };

function io(stdout: CliIo["stdout"], env: NodeJS.ProcessEnv): CliIo {
  return { cwd: "/", env, stdout, stderr: { write: () => true } };
}

describe("colour", () => {
  it.each([
    ["a colour terminal", { TERM: "xterm-256color" }, true],
    ["TERM=dumb", { TERM: "dumb" }, false],
    ["FORCE_COLOR=0", { TERM: "xterm-256color", FORCE_COLOR: "0" }, false],
    ["NO_COLOR", { TERM: "xterm-256color", NO_COLOR: "1" }, false],
    ["NODE_DISABLE_COLORS", { TERM: "xterm-256color", NODE_DISABLE_COLORS: "1" }, false],
  ])("on a terminal: %s", (_label, env, expected) => {
    expect(useColor(io(terminal, env), undefined)).toBe(expected);
  });

  it.each([
    ["nothing set", {}, false],
    ["a colour TERM (the output is still a pipe)", { TERM: "xterm-256color" }, false],
    ["FORCE_COLOR=1", { FORCE_COLOR: "1" }, true],
    ["FORCE_COLOR=0", { FORCE_COLOR: "0" }, false],
    ["FORCE_COLOR=1 and NO_COLOR", { FORCE_COLOR: "1", NO_COLOR: "1" }, false],
  ])("into a pipe: %s", (_label, env, expected) => {
    expect(useColor(io(pipe, env), undefined)).toBe(expected);
  });

  it("does what --color and --no-color say, whatever the environment", () => {
    expect(useColor(io(pipe, { NO_COLOR: "1" }), true)).toBe(true);
    expect(useColor(io(terminal, { TERM: "xterm-256color" }), false)).toBe(false);
  });
});
