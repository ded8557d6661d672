/**
 * The command-line edge: parses argv, runs a command, maps typed errors to exit codes
 * (0 ok, 1 a check or budget failed, 2 bad input or unreachable source). No stack trace for a
 * user mistake; LOKIPLAN_DEBUG=1 shows one.
 */
import { Command, CommanderError, Option } from 'commander';
import { LokiplanError } from './errors.js';
import { runPlan } from './commands/plan.js';
import { runCheck } from './commands/check.js';
import { runHelmValues } from './commands/helm-values.js';

const VERSION = '0.1.0';

function main(argv: string[]): number {
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
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot')
    .option('-o, --out <dir>', 'write plan.json and plan.txt per scenario under DIR/<scenario>/')
    .option('--check', 'exit 1 when a target is not met or a claim does not hold')
    .option('--profile <file>', 'sizing profile (YAML/JSON) instead of the embedded grafana-loki profile')
    .action((files: string[], opts) => {
      code = runPlan(files, opts, out);
    });

  program
    .command('check')
    .description('does the described deployment carry its target with failureTolerance replicas lost and with one zone lost? exit 1 if not')
    .argument('<files...>', 'scenario YAML files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot')
    .option('--profile <file>', 'sizing profile (YAML/JSON) instead of the embedded grafana-loki profile')
    .action((files: string[], opts) => {
      code = runCheck(files, opts, out);
    });

  program
    .command('helm-values')
    .description('values for the grafana/loki Helm chart that deploy the plan')
    .argument('<file>', 'scenario YAML file')
    .option('-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot')
    .option('--profile <file>', 'sizing profile (YAML/JSON) instead of the embedded grafana-loki profile')
    .option('-o, --out <file>', 'write the values to FILE (atomically) instead of stdout')
    .option('--chunks-bucket <name>', 'S3 bucket for chunks', 'loki-chunks')
    .option('--ruler-bucket <name>', 'S3 bucket for ruler data', 'loki-ruler')
    .option('--schema-from <date>', 'first day (YYYY-MM-DD) of the v13 TSDB schema period', '2024-04-01')
    .action((file: string, opts) => {
      code = runHelmValues(file, opts, out);
    });

  try {
    program.parse(argv);
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

let exitCode: number;
try {
  exitCode = main(process.argv);
} catch (e) {
  exitCode = fail(e);
}
process.exitCode = exitCode;
