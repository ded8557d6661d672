/**
 * The run's edge state, made once by the process entry (src/main.ts) and passed down to every
 * command: output streams, environment, clock and working directory. Nothing below src/cli.ts
 * reads `process`, the clock or the environment itself, so the whole CLI runs in-process in tests
 * and in the fuzzer with its own environment, time and streams.
 */
export interface RunContext {
  stdout(s: string): void;
  stderr(s: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** the current time (one clock for the run) */
  now(): Date;
  /**
   * the directory the run started in (for messages and clean-up). Paths reach the file system as
   * the user wrote them, so an in-process caller elsewhere passes absolute paths.
   */
  cwd: string;
  /** stderr is a terminal: progress redraws one line in place */
  stderrTTY: boolean;
  /** stdout is a terminal: tables fit its width and FAIL/NO are coloured */
  stdoutTTY: boolean;
  /** the terminal's width in columns, when stdout is one */
  columns?: number;
  /**
   * Register clean-up to run if the process is interrupted (SIGINT, SIGTERM, SIGHUP) while it is pending;
   * returns the function that unregisters it. Without a process (tests) nothing is interrupted.
   */
  onInterrupt(cleanup: () => void): () => void;
  /**
   * Read standard input to its end, at most `max + 1` bytes (a scenario given as `-`); absent: this
   * run has no stdin to read
   */
  readStdin?(max: number): Uint8Array;
  /** stdin is a terminal: `init` may ask its questions */
  stdinTTY?: boolean;
  /** ask one question on the terminal and resolve to the answer line (init's questions) */
  ask?(question: string): Promise<string>;
  /** this run's process id, and whether another process id is running (for stale-file recovery) */
  pid: number;
  isRunning(pid: number): boolean;
}

/** Clear a progress line on a terminal before a message is printed. */
export function clearProgress(ctx: RunContext): void {
  if (ctx.stderrTTY) ctx.stderr('\r\x1b[K');
}
