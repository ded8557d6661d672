/**
 * Process entry for the CLI bundle: makes the run's context (streams, environment, clock, working
 * directory, interrupt hooks) once from the process and hands it to run(); sets the exit code.
 */
import { readSync } from 'node:fs';
import { run } from './cli.js';

// users never see the AWS SDK's Node-version notice (set before any SDK module loads)
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// `lokiplan plan x | head`: a closed pipe ends the output quietly, not with an EPIPE stack trace;
// any other failure to write stdout (`> /dev/full`: ENOSPC, EIO) is one line and exit 2, since
// what the user asked for was not delivered
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  const why = e.code === 'ENOSPC' ? 'no space left on device' : (e.code ?? 'error');
  process.stderr.write(`lokiplan: cannot write to standard output: ${why}\n`);
  process.exit(2);
});

// Clean-ups registered by commands (temp files, a report set being swapped in) run on SIGINT,
// SIGTERM or SIGHUP (a closed terminal). The handlers are installed on the first registration only (so Ctrl-C during a long
// computation before any write ends the process at once, as by default). A signal that arrives
// during a synchronous write is handled when the write is done: then nothing is pending, and the
// signal is raised again with the default action.
const pending = new Set<() => void>();
let installed = false;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
function onSignal(signal: NodeJS.Signals): void {
  const todo = [...pending];
  pending.clear();
  for (const f of todo) {
    try {
      f();
    } catch {
      // best effort: the next run removes what is left
    }
  }
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/** Standard input to its end, at most `max + 1` bytes (read only when a scenario is given as `-`). */
function readStdin(max: number): Uint8Array {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (let n = 0; n <= max; ) {
    let r: number;
    try {
      r = readSync(0, buf, 0, Math.min(buf.length, max + 1 - n), null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      // a non-blocking stdin with nothing yet: wait a little and read again
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw e;
    }
    if (r === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, r)));
    n += r;
  }
  return Buffer.concat(chunks);
}

/** One question on the terminal (init), answered by a line. */
async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
  now: () => new Date(),
  cwd: process.cwd(),
  stderrTTY: Boolean(process.stderr.isTTY),
  stdoutTTY: Boolean(process.stdout.isTTY),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  readStdin,
  stdinTTY: Boolean(process.stdin.isTTY),
  ask,
  onInterrupt: (f) => {
    if (!installed) for (const s of SIGNALS) process.on(s, onSignal);
    installed = true;
    pending.add(f);
    return () => void pending.delete(f);
  },
});
