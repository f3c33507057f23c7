/** What a command may touch, injected so that tests run the CLI in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: {
    write(text: string): unknown;
    readonly isTTY?: boolean;
    /** A terminal's own answer (Node's tty.WriteStream); absent for a pipe or a file. */
    hasColors?(env?: object): boolean;
  };
  /** isTTY: a terminal, where `migrate` draws its live progress line. */
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export function processIo(): CliIo {
  process.stdout.on("error", onStdoutError);
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/**
 * A failed write to standard output is not a crash. EPIPE means the reader has gone (`schematic check |
 * head`): stop quietly with the check's own exit code, as other command-line tools do. Anything else
 * (ENOSPC on a full disk) means the report was lost: say so, and exit 2.
 */
export function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(
    `schematic: cannot write the report to standard output: ${error.message}. Free space, or write it to a file with --output.\n`,
  );
  process.exit(2);
}

/**
 * Colour when --color / --no-color says so; else never when NO_COLOR is set (https://no-color.org); on a
 * terminal, as the stream says (Node's hasColors reads FORCE_COLOR, NODE_DISABLE_COLORS, TERM=dumb and the
 * terminal's depth); into a pipe or a file, only when FORCE_COLOR asks for it.
 */
export function useColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.stdout.isTTY && io.stdout.hasColors) return io.stdout.hasColors(io.env);
  return forcesColor(io.env.FORCE_COLOR);
}

/** FORCE_COLOR as Node and chalk read it: empty, 1, 2, 3 or true ask for colour; 0, false and the rest do not. */
function forcesColor(value: string | undefined): boolean {
  return value !== undefined && ["", "1", "2", "3", "true"].includes(value);
}
