/**
 * The command-line edge: parses argv, runs a command, maps typed errors to exit codes
 * (0 ok, 1 a check or budget failed, 2 bad input or unreachable source). No stack trace for a
 * user mistake; LOKIPLAN_DEBUG=1 shows one.
 *
 * `run(argv, io)` is the whole CLI without the process: tests and the fuzzer call it in-process.
 * The process entry (src/main.ts) only wires it to process.argv, stdout, stderr and exitCode.
 */
import { Command, CommanderError, Option } from 'commander';
import { LokiplanError, ModelLimitError } from './errors.js';
import { runPlan } from './commands/plan.js';

const VERSION = '0.1.0';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  env: Record<string, string | undefined>;
}

async function main(argv: string[], io: CliIo): Promise<number> {
  let code = 0;
  const out = io.stdout;
  const program = new Command()
    .name('lokiplan')
    .description('Cost and capacity planner for Grafana Loki on AWS')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // usage errors are one line too, like every other error
      outputError: (s, write) => write(`lokiplan: ${oneLine(s.replace(/^error: /, ''))} (run lokiplan --help for usage)\n`),
    });

  program
    .command('plan')
    .description('size and price one or more scenarios against their baseline')
    .argument('<files...>', 'scenario YAML files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot')
    .option('-o, --out <dir>', 'write plan.json and plan.txt per scenario under DIR/<scenario>/')
    .option('--check', 'exit 1 when a target is not met or a claim does not hold')
    .action((files: string[], opts) => {
      code = runPlan(files, opts, out);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}

/** One line, and no single word (a path, a value) longer than 200 characters. */
export function oneLine(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') // half an emoji
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\S{201,}/g, (w) => `${w.slice(0, 120)}...${w.slice(-60)}`);
}

/** The error's one stderr line (without the `lokiplan: ` prefix) and its exit code. */
export function describeError(e: unknown): { line: string; code: number } {
  if (e instanceof ModelLimitError) return { line: oneLine(e.message), code: 2 };
  if (e instanceof LokiplanError) return { line: oneLine(e.message), code: 2 };
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return { line: 'input is nested too deeply to process', code: 2 };
    return { line: `outside what this model covers: ${oneLine(e.message)}`, code: 2 };
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') return { line: oneLine(err.message), code: 2 };
  return { line: `internal error: ${oneLine((e as Error)?.message ?? String(e))} (set LOKIPLAN_DEBUG=1 for details)`, code: 70 };
}

/** Run the CLI with `argv` (arguments after the program name); resolves to the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (e) {
    if (io.env['LOKIPLAN_DEBUG']) io.stderr(`${(e as Error)?.stack ?? String(e)}\n`);
    const { line, code } = describeError(e);
    io.stderr(`lokiplan: ${line}\n`);
    return code;
  }
}
