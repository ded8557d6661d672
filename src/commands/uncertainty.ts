/** `lokiplan uncertainty FILE`: Monte Carlo over uncertain inputs; P10/P50/P90 monthly cost for a seed. */
import type { RunContext } from './context.js';
import { renderMonteCarlo } from '../report/montecarlo.js';
import type { WhatIfFormat } from '../report/sensitivity.js';
import { withValues } from '../whatif/fields.js';
import { MAX_SEED, monteCarlo, uncertainInputs } from '../whatif/montecarlo.js';
import { alternativeOthers } from './alternatives.js';
import { writeAtomic } from './io.js';
import { progress } from './terminal.js';
import { booksFor, checkWork, docWeight, intOption, loadDoc, readText } from './whatif-common.js';

export interface UncertaintyOptions {
  format: WhatIfFormat;
  input?: string[];
  samples?: string;
  /** the most plans (samples x sides, weighted by the scenario's size) a run makes before it asks */
  maxSamples?: string;
  seed?: string;
  out?: string;
  prices: string;
  /** price every sample on the managed and SaaS alternatives too */
  alternatives?: boolean;
}

/** About a minute of sampling on a small scenario: past it, --max-samples must say so. */
export const DEFAULT_MAX_SAMPLES = 1_000_000;

export function runUncertainty(file: string, o: UncertaintyOptions, ctx: RunContext): number {
  const samples = intOption('--samples', o.samples, 10000, 1, 10_000_000);
  const seed = intOption('--seed', o.seed, 1, 0, MAX_SEED);
  const doc = loadDoc(file);
  const books = booksFor(o.prices, file, ctx.now());
  const base = withValues(doc, file, readText, [], 'scenario');
  const inputs = uncertainInputs(doc, file, readText, o.input ?? []);
  const others = o.alternatives || base.alternatives ? alternativeOthers(base, books) : [];
  const maxSamples = intOption('--max-samples', o.maxSamples, DEFAULT_MAX_SAMPLES, 1, 1e9);
  checkWork('uncertainty', samples * (1 + others.length), docWeight(doc), '--max-samples', maxSamples, ctx);
  const bar = progress(ctx, 'uncertainty', samples, 'samples');
  let result;
  try {
    result = monteCarlo(base, books, inputs, samples, seed, others, bar.tick, { doc, file, read: readText });
  } finally {
    bar.end();
  }
  const body = renderMonteCarlo(result, o.format);
  if (o.out) {
    writeAtomic(o.out, body, ctx);
    ctx.stdout(`wrote ${o.out}\n`);
  } else ctx.stdout(body);
  return 0;
}
