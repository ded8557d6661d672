/**
 * `lokiplan actuals --tag KEY=VALUE [--months N]`: monthly spend by service from Cost Explorer for
 * the resources carrying a cost allocation tag. Also the comparison `plan --actuals` adds.
 */
import type { RunContext } from './context.js';
import type { ActualsComparison, Plan } from '../model/types.js';
import { centsToString, toCents, usd } from '../text/money.js';
import { fitTable, fitText } from '../report/fit.js';
import { terminalWidth, type TerminalOptions } from './terminal.js';
import { fetchActuals, parseTag, type Actuals } from '../sources/cost-explorer.js';
import { endProgress, fetchContext, type AwsOptions } from './aws.js';
import { SourceError } from '../errors.js';

export interface ActualsOptions extends AwsOptions, TerminalOptions {
  tag: string;
  months: string;
  format: 'table' | 'json';
}

export async function getActuals(tag: string, months: string, o: AwsOptions, ctx: RunContext): Promise<Actuals> {
  const t = parseTag(tag);
  const fc = fetchContext(o, 'fetching actual spend', ctx);
  const a = await fetchActuals(t, Number(months), ctx.now(), fc);
  endProgress(fc.stats, `actual spend for ${t.key}=${t.value} from Cost Explorer ($0.01 per request; cached for reruns)`, ctx);
  return a;
}

/**
 * Complete months: those Cost Explorer does not mark estimated (the current and the last few days'
 * figures are estimates until billing closes: https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_ResultByTime.html).
 */
const complete = (a: Actuals) => a.months.filter((m) => !m.estimated);

/**
 * The mean of the complete months. No complete month with spend is said in words (an inactive cost
 * allocation tag, nothing tagged, only estimates), never shown as $0.00 of actual spend.
 */
function mean(a: Actuals): number {
  const done = complete(a);
  const tag = `${a.tag.key}=${a.tag.value}`;
  const window = `${a.period.start} to ${a.period.end} (exclusive)`;
  if (a.months.length === 0 || a.months.every((m) => Object.keys(m.byService).length === 0)) {
    throw new SourceError(
      `Cost Explorer has no spend for tag ${tag} from ${window}: the tag is not activated as a cost allocation tag (Billing console, Cost allocation tags; it applies from activation on), or no resource carries it`,
    );
  }
  if (done.length === 0) {
    throw new SourceError(`Cost Explorer marks every month for tag ${tag} from ${window} as estimated: no complete month to compare yet (ask for more --months)`);
  }
  return done.reduce((s, m) => s + m.amount, 0) / done.length;
}

export async function runActuals(o: ActualsOptions, ctx: RunContext): Promise<number> {
  const a = await getActuals(o.tag, o.months, o, ctx);
  if (o.format === 'json') {
    ctx.stdout(
      `${JSON.stringify(
        {
          source: a.source,
          tag: `${a.tag.key}=${a.tag.value}`,
          metric: a.metric,
          fetchedAt: a.fetchedAt,
          months: a.months.map((m) => ({ ...m, amount: Number(centsToString(toCents(m.amount))) })),
          monthlyAverage: Number(centsToString(toCents(mean(a)))),
          completeMonths: complete(a).length,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const services = [...new Set(a.months.flatMap((m) => Object.keys(m.byService)))].sort((x, y) => total(a, y) - total(a, x) || (x < y ? -1 : 1));
  const head = ['service', ...a.months.map((m) => `${m.start.slice(0, 7)}${m.estimated ? ' (est.)' : ''}`), 'average'];
  const avg = mean(a);
  const n = complete(a).length;
  const rows = services.map((s) => [s, ...a.months.map((m) => usd(toCents(m.byService[s] ?? 0))), usd(toCents(total(a, s) / n))]);
  rows.push(['total', ...a.months.map((m) => usd(toCents(m.amount))), usd(toCents(avg))]);
  const est = a.months.length - n;
  const note = est ? `\n(est.) months are estimates, left out of the average of ${n} complete month${n === 1 ? '' : 's'}\n` : '';
  const width = terminalWidth(ctx, o);
  const t = fitTable([head, ...rows], ['l', ...head.slice(1).map(() => 'r' as const)], { width, wrap: [0], keep: 1 });
  ctx.stdout(`${fitText(`Actual spend, tag ${a.tag.key}=${a.tag.value}: ${a.source}; fetched ${a.fetchedAt}`, width)}\n${t}\n${fitText(note, width)}`);
  return 0;
}

/** A service's spend over the complete months. */
const total = (a: Actuals, service: string) => complete(a).reduce((s, m) => s + (m.byService[service] ?? 0), 0);

/** The baseline's modelled monthly cost (or the scenario's, without a baseline) beside actual spend. */
export function compare(p: Plan, a: Actuals): ActualsComparison {
  const side = p.baseline ? 'baseline' : 'scenario';
  const modelled = p.baseline ? p.baseline.totals.monthly : p.totals.monthly;
  const actual = mean(a);
  const byService = new Map<string, number>();
  const done = complete(a);
  for (const m of done) for (const [s, v] of Object.entries(m.byService)) byService.set(s, (byService.get(s) ?? 0) + v / done.length);
  return {
    source: a.source,
    tag: `${a.tag.key}=${a.tag.value}`,
    fetchedAt: a.fetchedAt,
    months: a.months.map((m) => ({ start: m.start, end: m.end, amount: m.amount, estimated: m.estimated })),
    actualMonthly: actual,
    modelledMonthly: modelled,
    modelledSide: side,
    variance: modelled - actual,
    variancePct: actual === 0 ? null : (modelled - actual) / actual,
    byService: [...byService].map(([service, amount]) => ({ service, amount })).sort((x, y) => y.amount - x.amount),
  };
}
