/** What a command may touch, injected so that tests run the CLI in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
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

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return Boolean(io.stdout.isTTY);
}
