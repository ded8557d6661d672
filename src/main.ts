/** Process entry for the CLI bundle: wires run() to argv, stdout, stderr and the exit code. */
import { run } from './cli.js';

// `lokiplan plan x | head`: a closed pipe ends the output quietly, not with an EPIPE stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
  clearLine: process.stderr.isTTY ? () => void process.stderr.write('\r\x1b[K') : undefined,
});
