/**
 * `lokiplan init`: a commented scenario from a few answers, so a first plan needs no YAML written
 * by hand. The answers come from flags; on a terminal (stdin a TTY) the ones not given are asked
 * for, each with its default; in a pipe nothing is asked and the defaults are used (and said in
 * the file). The text is checked through the same loader `plan` uses before it is written, so what
 * init writes plans with no edits; a value the loader refuses is named by its flag.
 */
import { existsSync } from 'node:fs';
import type { RunContext } from './context.js';
import { InputErrors, LokiplanError, ScenarioError } from '../errors.js';
import { DEPLOYMENT_MODES } from '../model/types.js';
import { fromDocument } from '../scenario/load.js';
import { parse as parseYaml, stringify } from 'yaml';
import { wrap } from '../report/fit.js';
import { writeAtomic } from './io.js';

export interface InitOptions {
  volume?: string;
  retention?: string;
  region?: string;
  mode?: string;
  zones?: string;
  name?: string;
  out?: string;
  force?: boolean;
}

/** One question of init: its flag, the scenario field it fills, its default and what the file says about it. */
interface Answer {
  key: 'volume' | 'retention' | 'region' | 'mode' | 'zones';
  flag: string;
  field: string;
  question: string;
  default: string;
  comment: string;
}

/** The answers init takes, in the order it asks: one table (flags, fields, defaults, comments). */
export const INIT_ANSWERS: readonly Answer[] = [
  { key: 'volume', flag: '--volume', field: 'ingest.volume', question: 'Log volume ingested', default: '100 GB/day', comment: 'raw log bytes a day before compression (or ingest.rate and ingest.avgLineSize, e.g. 50000/s and 250 B)' },
  { key: 'retention', flag: '--retention', field: 'retention', question: 'Retention', default: '30 days', comment: "Loki's limits_config retention_period: how long logs are kept" },
  { key: 'region', flag: '--region', field: 'region', question: 'AWS region', default: 'us-east-1', comment: 'prices offline for us-east-1, us-west-2, eu-west-1 and eu-central-1; any region with --prices live' },
  { key: 'mode', flag: '--mode', field: 'deployment.mode', question: `Deployment mode (auto, ${DEPLOYMENT_MODES.join(', ')})`, default: 'auto', comment: `auto: lokiplan picks the cheapest mode that holds and says why; or ${DEPLOYMENT_MODES.join(', ')}` },
  { key: 'zones', flag: '--zones', field: 'deployment.zones', question: 'Availability zones', default: '3', comment: 'zones the pods spread over (lokiplan check tests losing one)' },
];

/** The scenario text for the answers: each field under a comment saying what it is and whether it is a default. */
export function initText(answers: Record<Answer['key'], string>, given: ReadonlySet<string>, name?: string): string {
  const scalar = (v: string) => (/^\d+$/.test(v.trim()) ? v.trim() : stringify(v, { lineWidth: 0 }).trimEnd());
  const comment = (indent: string, text: string) => wrap(`${indent}# ${text}`, 80, `${indent}# `);
  const field = (a: Answer, indent: string) => [...comment(indent, `${a.comment}${given.has(a.key) ? '' : ' (lokiplan init default)'}`), `${indent}${a.field.split('.').pop()}: ${scalar(answers[a.key])}`];
  const at = (k: Answer['key']) => INIT_ANSWERS.find((a) => a.key === k)!;
  return `${[
    ...comment('', 'A Loki deployment on AWS, written by lokiplan init. Plan it: lokiplan plan FILE (or lokiplan plan - < FILE); does it hold when a replica or a zone is lost: lokiplan check FILE. Every other field has a default: `lokiplan schema` lists them all (query.scannedPerDay, storage.lifecycle, compute.spot, baseline, ...).'),
    '',
    ...(name !== undefined ? [`name: ${stringify(name, { lineWidth: 0 }).trimEnd()}`] : comment('', 'name: left out, the file\'s name is the scenario\'s name ("stdin" when read from standard input)')),
    ...field(at('region'), ''),
    'ingest:',
    ...field(at('volume'), '  '),
    ...field(at('retention'), ''),
    'deployment:',
    ...field(at('mode'), '  '),
    ...field(at('zones'), '  '),
  ].join('\n')}\n`;
}

export async function runInit(o: InitOptions, ctx: RunContext): Promise<number> {
  if (o.out !== undefined && existsSync(o.out) && !o.force) {
    throw new LokiplanError(`${o.out} exists: lokiplan init does not overwrite a file without --force`);
  }
  const answers = {} as Record<Answer['key'], string>;
  const given = new Set<string>();
  // questions only on a terminal: in a pipe, a missing answer is its default (and the file says so)
  const asking = ctx.stdinTTY && ctx.ask;
  for (const a of INIT_ANSWERS) {
    const flag = o[a.key];
    if (flag !== undefined) {
      answers[a.key] = flag;
      given.add(a.key);
      continue;
    }
    const typed = asking ? (await ctx.ask!(`${a.question} [${a.default}]: `)).trim() : '';
    if (typed !== '') given.add(a.key);
    answers[a.key] = typed || a.default;
  }
  const text = initText(answers, given, o.name);
  // the same loader plan uses: a value it refuses is named by the flag (or question) that gave it
  try {
    fromDocument(parseYaml(text) as Record<string, unknown>, o.out ?? 'init', () => {
      throw new Error('init writes no extends');
    });
  } catch (e) {
    const errs = e instanceof InputErrors ? e.errors : [e];
    const first = errs[0];
    if (first instanceof ScenarioError) {
      const a = INIT_ANSWERS.find((x) => first.path === x.field || first.path.startsWith(`${x.field}.`));
      if (a) throw new ScenarioError(a.flag, '', `${first.message.slice(first.message.indexOf(`${first.path}: `) + first.path.length + 2)} (scenario field ${a.field})`);
    }
    throw e;
  }
  if (o.out) {
    writeAtomic(o.out, text, ctx);
    ctx.stdout(`wrote ${o.out}; next: lokiplan plan ${o.out}\n`);
  } else ctx.stdout(text);
  return 0;
}
