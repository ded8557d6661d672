/** `lokiplan helm-values FILE`: Loki Helm chart values that deploy the plan. */
import type { RunContext } from './context.js';
import { DEFAULT_CHART_VERSION, resolveChart } from '../model/helm-charts.js';
import { DEFAULT_HELM_OPTIONS, helmValues } from '../model/helm.js';
import { renderHelmValues } from '../report/helm.js';
import { loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../errors.js';
import { loadProfileFile, scenarioReader, writeAtomic } from './io.js';
import { planScenario } from './plan.js';
import { verdictText } from '../report/verdict.js';

export interface HelmOptions {
  prices: string;
  profile?: string;
  out?: string;
  chunksBucket?: string;
  rulerBucket?: string;
  schemaFrom?: string;
  chartVersion?: string;
  roleArn?: string;
  /** exit 1 when the plan does not hold */
  check?: boolean;
}

/** An IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/PATH/NAME; IAM User Guide, reference_identifiers). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

/** YYYY-MM-DD naming a day that exists (no 2025-02-30, no 9999-99-99), in a plausible range for a schema period. */
function realDate(s: string): boolean {
  const m = /^(20\d\d)-(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

export function runHelmValues(file: string, o: HelmOptions, ctx: RunContext): number {
  if (o.schemaFrom !== undefined && !realDate(o.schemaFrom)) {
    throw new ScenarioError('--schema-from', '', `must be a date that exists, YYYY-MM-DD from 2000 to 2099, got ${JSON.stringify(o.schemaFrom)}`);
  }
  if (o.roleArn !== undefined && !ROLE_ARN.test(o.roleArn)) {
    throw new ScenarioError('--role-arn', '', `must be an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME (lokiplan terraform's role_arn output), got ${JSON.stringify(o.roleArn.slice(0, 80))}`);
  }
  const chart = resolveChart(o.chartVersion ?? DEFAULT_CHART_VERSION);
  if ('error' in chart) throw new ScenarioError('--chart-version', '', chart.error);
  const s = loadScenario(file, scenarioReader(ctx));
  const p = planScenario(s, o.prices, loadProfileFile(o.profile), ctx.now());
  const h = helmValues(s, p, {
    chunksBucket: o.chunksBucket ?? DEFAULT_HELM_OPTIONS.chunksBucket,
    rulerBucket: o.rulerBucket ?? DEFAULT_HELM_OPTIONS.rulerBucket,
    schemaFrom: o.schemaFrom ?? DEFAULT_HELM_OPTIONS.schemaFrom,
    chart,
    ...(o.roleArn !== undefined ? { roleArn: o.roleArn } : {}),
  });
  const yaml = renderHelmValues(p, h);
  // what the values alone do not do (the YAML's header says the same): in the summary with --out, else on stderr
  const lifecycle = h.lifecycle.rules.length ? `apply the S3 lifecycle the plan priced to the bucket ${h.lifecycle.bucket} (neither Loki nor the chart sets it): ${h.lifecycle.rules.join('; ')}` : '';
  if (o.out) {
    writeAtomic(o.out, yaml, ctx);
    ctx.stdout(`wrote ${o.out}\n${lifecycle ? `${lifecycle}\n` : ''}`);
  } else {
    ctx.stdout(yaml);
    if (lifecycle) ctx.stderr(`lokiplan: ${lifecycle}\n`);
  }
  if (!p.meetsTarget) {
    ctx.stderr(`lokiplan: warning: the plan does not hold (${verdictText(p)}); these values deploy it as planned. lokiplan check ${file} says what breaks, lokiplan plan ${file} the price of a plan that holds${o.check ? '' : ' (--check exits 1)'}\n`);
  }
  return o.check && !p.meetsTarget ? 1 : 0;
}
