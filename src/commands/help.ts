/**
 * Help that agrees with the README: every command gets an example and its required options
 * marked, and `synopsis()` prints the README's Commands block from the commands themselves (a test
 * compares the two). The examples live in one table keyed by command path; a command without one
 * fails that test.
 */
import type { Command, Option } from 'commander';

export const EXAMPLES: Record<string, readonly string[]> = {
  init: ['lokiplan init --volume "1 TB/day" --retention "30 days" --out my.yaml', 'lokiplan init --mode microservices --zones 3 | lokiplan plan -'],
  plan: ['lokiplan plan scenarios/ghost-protocol.yaml', 'lokiplan plan scenarios/*.yaml --out reports/ --period 2026-07', 'lokiplan plan my.yaml --format json --prices live --fallback snapshot'],
  'prices refresh': ['lokiplan prices refresh --region eu-west-1 --scenario my.yaml --out prices.json'],
  'prices show': ['lokiplan prices show --region eu-west-1', 'lokiplan prices show --region eu-west-1 --prices live --instance-types m7i.xlarge,m7g.xlarge'],
  actuals: ['lokiplan actuals --tag app=loki --months 6'],
  compare: ['lokiplan compare scenarios/ghost-protocol.yaml scenarios/ghost-protocol-as-designed.yaml scenarios/monolithic.yaml'],
  sweep: ["lokiplan sweep scenarios/ghost-protocol.yaml --vary retention=7,14,30,90 --vary 'spot.read=0..100%:25%' --out sweep.csv --chart sweep.svg"],
  sensitivity: ['lokiplan sensitivity scenarios/ghost-protocol.yaml --chart tornado.svg'],
  uncertainty: ['lokiplan uncertainty scenarios/ghost-protocol.yaml --seed 42 --samples 20000'],
  growth: ['lokiplan growth scenarios/ghost-protocol.yaml --growth 10% --months 12 --chart growth.svg'],
  whatif: ['lokiplan whatif scenarios/ghost-protocol.yaml --out whatif.html'],
  calibrate: ["lokiplan calibrate --prometheus http://127.0.0.1:9090 --selector 'namespace=\"loki\"' --namespace loki --out calibrated.yaml", 'lokiplan calibrate --prometheus http://127.0.0.1:9090 --window 14d --tenant team-a --format json > observed.json'],
  check: ['lokiplan check scenarios/ghost-protocol-as-designed.yaml'],
  'helm-values': ['lokiplan helm-values scenarios/ghost-protocol-microservices.yaml --out values.yaml', 'lokiplan helm-values scenarios/monolithic.yaml --chart-version 6'],
  terraform: ['lokiplan terraform scenarios/ghost-protocol.yaml --out infra/loki --chunks-bucket acme-loki-chunks --ruler-bucket acme-loki-ruler'],
  schema: ['lokiplan schema scenario > scenario.schema.json', 'lokiplan schema prices'],
};

const pathOf = (c: Command): string => {
  const names: string[] = [];
  for (let x: Command | null = c; x?.parent; x = x.parent) names.unshift(x.name());
  return names.join(' ');
};

/** The commands a user runs (leaves), depth first, in the order they were registered. */
export function leafCommands(program: Command): Command[] {
  return program.commands.filter((c) => c.name() !== 'help').flatMap((c) => (c.commands.length ? leafCommands(c) : [c]));
}

export const commandPath = pathOf;

/** Mark required options and add each command's examples below its options. */
export function finishHelp(program: Command): void {
  for (const c of leafCommands(program)) {
    for (const o of c.options as Option[]) if (o.mandatory && !o.description.endsWith('(required)')) o.description += ' (required)';
    const ex = EXAMPLES[pathOf(c)];
    if (ex) c.addHelpText('after', `\nExamples:\n${ex.map((e) => `  $ ${e}`).join('\n')}\n`);
  }
}

/** One option as the synopsis writes it: `--format table|json`, `--region REGION`, `--check`. */
function optionText(o: Option): string {
  const name = o.long ?? o.short!;
  const arg = /<([^>]+)>/.exec(o.flags)?.[1];
  let s = name;
  if (o.argChoices) s += ` ${o.argChoices.join('|')}`;
  else if (arg) s += ` ${arg.replace(/\.\.\.$/, '').toUpperCase()}${o.variadic ? '...' : ''}`;
  return o.mandatory ? s : `[${s}]`;
}

/** The README's Commands block: every command with its arguments and every option, wrapped. */
export function synopsis(program: Command, width = 100): string {
  const out: string[] = [];
  for (const c of leafCommands(program)) {
    const args = (c.registeredArguments ?? []).map((a) => `${a.name().toUpperCase()}${a.variadic ? '...' : ''}`);
    const head = ['lokiplan', pathOf(c), ...args].join(' ');
    const opts = (c.options as Option[]).filter((o) => o.long !== '--help').map(optionText);
    const indent = ' '.repeat(Math.min(head.length + 1, 24));
    let line = head;
    for (const o of opts) {
      if (line.length + 1 + o.length > width && line.trim() !== '') {
        out.push(line);
        line = indent + o;
      } else line += ` ${o}`;
    }
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}
