/**
 * The command-line edge: parses argv, runs a command, maps typed errors to exit codes
 * (0 ok, 1 a check or budget failed, 2 bad input or unreachable source). No stack trace for a
 * user mistake; LOKIPLAN_DEBUG=1 shows one.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LokiplanError } from './errors.js';
import { FORMATS, runPlan } from './commands/plan.js';
import { isMonth, nextMonth } from './report/period.js';

const VERSION = '0.1.0';

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const out = (s: string) => process.stdout.write(s);
  const program = new Command()
    .name('lokiplan')
    .description('Cost and capacity planner for Grafana Loki on AWS')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('plan')
    .description('size and price one or more scenarios against their baseline')
    .argument('<files...>', 'scenario YAML files')
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(FORMATS).default('table'))
    .option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot')
    .option('-o, --out <dir>', 'write every format (json, txt, csv, html, md + png) under DIR/<scenario>/')
    .option('--period <YYYY-MM>', 'charge period for csv, html and md (default: next month)', month, nextMonth(new Date()))
    .option('--check', 'exit 1 when a target is not met or a claim does not hold')
    .action(async (files: string[], opts) => {
      code = await runPlan(files, opts, out);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}

function fail(e: unknown): number {
  if (process.env['LOKIPLAN_DEBUG']) console.error(e);
  if (e instanceof LokiplanError) {
    process.stderr.write(`lokiplan: ${e.message}\n`);
    return 2;
  }
  if (e instanceof RangeError) {
    process.stderr.write(`lokiplan: outside what this model covers: ${e.message}\n`);
    return 2;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') {
    process.stderr.write(`lokiplan: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(`lokiplan: internal error: ${(e as Error)?.message ?? String(e)} (set LOKIPLAN_DEBUG=1 for details)\n`);
  return 70;
}

function month(v: string): string {
  if (!isMonth(v)) throw new InvalidArgumentError('expected a month as YYYY-MM, e.g. 2026-12');
  return v;
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv).catch(fail);
