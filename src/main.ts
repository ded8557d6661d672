/**
 * Process entry for the CLI bundle: makes the run's context (streams, environment, clock, working
 * directory, interrupt hooks) once from the process and hands it to run(); sets the exit code.
 */
import { run } from './cli.js';

// users never see the AWS SDK's Node-version notice (set before any SDK module loads)
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// `lokiplan plan x | head`: a closed pipe ends the output quietly, not with an EPIPE stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// clean-ups registered by commands (temp files, staged reports) run once on SIGINT/SIGTERM
const pending = new Set<() => void>();
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    for (const f of [...pending]) {
      try {
        f();
      } catch {
        // best effort: the next run removes what is left
      }
    }
    process.exit(code);
  });
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
  onInterrupt: (f) => {
    pending.add(f);
    return () => void pending.delete(f);
  },
});
