/** Registers the what-if commands (compare, sweep, sensitivity, growth, uncertainty, whatif) with the CLI. */
import { Option, type Command } from 'commander';
import { COMPARE_FORMATS } from '../report/compare.js';
import { runCompare } from './compare.js';
import { WHATIF_FORMATS } from '../report/sensitivity.js';
import { runSensitivity } from './sensitivity.js';
import { runGrowth } from './growth.js';
import { runSweep } from './sweep.js';
import { runWhatIfPage } from './whatif-page.js';
import { runUncertainty } from './uncertainty.js';
import { collect } from './whatif-common.js';
import { outPathOption } from './io.js';
import type { RunContext } from './context.js';
import { terminalOptions } from './terminal.js';

const PRICES = ['-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot'] as const;

export function registerWhatIf(program: Command, out: RunContext, done: (code: number) => void): void {
  program
    .command('compare')
    .description('scenarios side by side: cost by category, sizing, and deltas against the first')
    .argument('<files...>', 'two or more scenario YAML files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(COMPARE_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the report to FILE', outPathOption)
    .option(...PRICES)
    .option('--alternatives', "add the first scenario's workload priced on CloudWatch Logs, OpenSearch, Grafana Cloud and Datadog as columns")
    .action(async (files: string[], opts) => done(await runCompare(files, opts, out)));
  terminalOptions(program.commands.at(-1)!);

  program
    .command('sweep')
    .description('plan a grid of field values; one CSV row per point, and a line chart')
    .argument('<file>', 'scenario YAML file')
    .option('--vary <field=values>', 'a field and its values: 7,14,30 days, or low..high:step (repeatable)', collect)
    .option('-o, --out <file>', 'write the CSV to FILE (default: standard output)', outPathOption)
    .option('--chart <file>', 'write an SVG line chart of the monthly total', outPathOption)
    .option('--max-points <n>', 'refuse grids larger than this', '100000')
    .option('--baseline', "add the baseline's total and the delta to each row")
    .option(...PRICES)
    .action((file: string, opts) => done(runSweep(file, opts, out)));

  program
    .command('sensitivity')
    .description('swing in monthly cost between the low and high value of each uncertain input, largest first')
    .argument('<file>', 'scenario YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(WHATIF_FORMATS).default('table'))
    .option('--range <field=low..high>', 'set or add an input range, e.g. storage.compressionRatio=4..12 or spotPrice=0.5..1.5 (repeatable)', collect)
    .option('--chart <file>', 'write an SVG tornado chart', outPathOption)
    .option('-o, --out <file>', 'write the report to FILE', outPathOption)
    .option(...PRICES)
    .option('--alternatives', 'move the same inputs for CloudWatch Logs, OpenSearch, Grafana Cloud and Datadog, and say where one becomes cheaper than Loki')
    .action((file: string, opts) => done(runSensitivity(file, opts, out)));
  terminalOptions(program.commands.at(-1)!);

  program
    .command('uncertainty')
    .description('Monte Carlo over uncertain inputs: P10, P50 and P90 monthly cost, reproducible for a seed')
    .argument('<file>', "scenario YAML file (its uncertainty: block lists the inputs)")
    .addOption(new Option('-f, --format <format>', 'output format').choices(WHATIF_FORMATS).default('table'))
    .option('--input <field=dist>', 'an uncertain input: min..max (uniform) or min..mode..max (triangular), e.g. storage.compressionRatio=5..7..10 (repeatable)', collect)
    .option('--samples <n>', 'number of samples', '10000')
    .option('--max-samples <n>', 'refuse a run of more plans than this (samples x sides, more for a large scenario)', '1000000')
    .option('--seed <n>', 'random seed, 0 to 4294967295', '1')
    .option('-o, --out <file>', 'write the report to FILE', outPathOption)
    .option(...PRICES)
    .option('--alternatives', 'price every sample on CloudWatch Logs, OpenSearch, Grafana Cloud and Datadog too: their P10-P90 and how often Loki is cheaper')
    .action((file: string, opts) => done(runUncertainty(file, opts, out)));
  terminalOptions(program.commands.at(-1)!);

  program
    .command('growth')
    .description('month-by-month forecast under ingest growth; sizing steps, capacity limits and break-even volume')
    .argument('<file>', 'scenario YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(WHATIF_FORMATS).default('table'))
    .option('--growth <rate>', 'monthly ingest growth, e.g. 10% (compounding)', '10%')
    .option('--months <n>', 'months to forecast', '12')
    .option('--query-growth <rate>', 'monthly query growth (default: the ingest growth)')
    .option('--against <file>', 'break-even against this scenario instead of the baseline, or alt:<id> against a managed or SaaS log service (alt:cloudwatch-standard, alt:grafana-cloud, alt:datadog, ...)')
    .option('--chart <file>', 'write an SVG line chart of the monthly cost', outPathOption)
    .option('-o, --out <file>', 'write the report to FILE', outPathOption)
    .option(...PRICES)
    .action((file: string, opts) => done(runGrowth(file, opts, out)));
  terminalOptions(program.commands.at(-1)!);

  program
    .command('whatif')
    .description('write a self-contained HTML page with sliders; the model runs in the browser')
    .argument('<file>', 'scenario YAML file')
    .requiredOption('-o, --out <file>', 'the HTML file to write', outPathOption)
    .option(...PRICES)
    .option('--commitments <file>', 'price book with Savings Plan / RI commitments, enterprise discount or negotiated prices, laid over --prices (as for plan)')
    .action((file: string, opts) => done(runWhatIfPage(file, opts, out)));
}
