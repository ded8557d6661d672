/** Registers the what-if commands (compare, sweep, sensitivity, growth, uncertainty, whatif) with the CLI. */
import { Option, type Command } from 'commander';
import { runSweep } from './sweep.js';
import { collect } from './whatif-common.js';

const PRICES = ['-p, --prices <source>', "'snapshot' (embedded list prices) or a price-book JSON file", 'snapshot'] as const;

export function registerWhatIf(program: Command, out: (s: string) => void, done: (code: number) => void): void {
  program
    .command('sweep')
    .description('plan a grid of field values; one CSV row per point, and a line chart')
    .argument('<file>', 'scenario YAML file')
    .option('--vary <field=values>', 'a field and its values: 7,14,30 days, or low..high:step (repeatable)', collect)
    .option('-o, --out <file>', 'write the CSV to FILE (default: standard output)')
    .option('--chart <file>', 'write an SVG line chart of the monthly total')
    .option('--max-points <n>', 'refuse grids larger than this', '100000')
    .option('--baseline', "add the baseline's total and the delta to each row")
    .option(...PRICES)
    .action((file: string, opts) => done(runSweep(file, opts, out)));
  void Option;
}
