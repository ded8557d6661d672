/**
 * Actual spend from AWS Cost Explorer (`@aws-sdk/client-cost-explorer`, GetCostAndUsage): monthly
 * UnblendedCost for the resources carrying one cost allocation tag, grouped by service, over the
 * last N complete calendar months. Each request costs $0.01, so responses go through the cache.
 */
import { SourceError } from '../errors.js';
import { fmtUsd } from '../model/format.js';
import { LIMITS } from '../model/coverage.js';
import { awsFailure, boundResponses, clientConfig, endpointOf } from './aws-common.js';
import { identityOf } from './cache.js';
import type { FetchContext } from './aws-pricing.js';

export interface TagFilter {
  key: string;
  value: string;
}

export interface ActualMonth {
  start: string;
  end: string;
  amount: number;
  estimated: boolean;
  byService: Record<string, number>;
}

export interface Actuals {
  tag: TagFilter;
  metric: 'UnblendedCost';
  months: ActualMonth[];
  /** the window asked for: [start, end) */
  period: { start: string; end: string };
  fetchedAt: string;
  source: string;
}

export function parseTag(s: string): TagFilter {
  const i = s.indexOf('=');
  if (i <= 0 || i === s.length - 1) throw new SourceError(`--tag must be KEY=VALUE (a cost allocation tag), got ${JSON.stringify(s)}`);
  return { key: s.slice(0, i), value: s.slice(i + 1) };
}

/** The last `months` complete calendar months before `now`: [start, end) as YYYY-MM-DD. */
export function completeMonths(now: Date, months: number): { start: string; end: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

type CeModule = typeof import('@aws-sdk/client-cost-explorer');
type Raw = { start: string; end: string; estimated: boolean; groups: { service: string; amount: string; unit: string }[] }[];
const isRaw = (d: unknown): d is Raw =>
  Array.isArray(d) &&
  d.every(
    (m) =>
      m && typeof m === 'object' && typeof m.start === 'string' && typeof m.end === 'string' && typeof m.estimated === 'boolean' &&
      Array.isArray(m.groups) && m.groups.every((g: unknown) => g && typeof g === 'object' && ['service', 'amount', 'unit'].every((k) => typeof (g as Record<string, unknown>)[k] === 'string')),
  );

export async function fetchActuals(tag: TagFilter, months: number, now: Date, ctx: FetchContext): Promise<Actuals> {
  if (!Number.isInteger(months) || months < 1 || months > 12) throw new SourceError(`--months must be a whole number from 1 to 12, got ${months}`);
  const period = completeMonths(now, months);
  const input = {
    TimePeriod: { Start: period.start, End: period.end },
    Granularity: 'MONTHLY' as const,
    Metrics: ['UnblendedCost'],
    Filter: { Tags: { Key: tag.key, Values: [tag.value], MatchOptions: ['EQUALS' as const] } },
    GroupBy: [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }],
  };
  const where = `Cost Explorer (tag ${tag.key}=${tag.value})`;
  const mod: CeModule = await import('@aws-sdk/client-cost-explorer');
  const client = boundResponses(new mod.CostExplorerClient(clientConfig('us-east-1', ctx.env, 'COST_EXPLORER')));
  // spend is one account's: the cache key holds the endpoint and (a hash of) the credential identity
  let identity: string;
  try {
    const c = await (client.config.credentials as () => Promise<{ accessKeyId: string }>)();
    identity = identityOf(c.accessKeyId);
  } catch (e) {
    throw awsFailure(e, 'ce:GetCostAndUsage', where, ctx.env);
  }
  const req = { api: 'ce:GetCostAndUsage', ...input, endpoint: endpointOf(ctx.env, 'COST_EXPLORER') ?? 'aws', identity };
  let raw: Raw;
  let fetchedAt: string;
  const cached = ctx.cache?.get(req, isRaw);
  if (cached) {
    ctx.stats.hit('Cost Explorer');
    raw = cached.data;
    fetchedAt = cached.fetchedAt;
  } else {
    raw = [];
    let token: string | undefined;
    let pages = 0;
    do {
      if (++pages > 20) throw new SourceError(`${where}: more than 20 pages`);
      let out;
      try {
        out = await client.send(new mod.GetCostAndUsageCommand({ ...input, NextPageToken: token }));
      } catch (e) {
        throw awsFailure(e, 'ce:GetCostAndUsage', where, ctx.env);
      }
      ctx.stats.page(`Cost Explorer, page ${pages}`, out.$metadata.attempts ?? 1);
      for (const r of out.ResultsByTime ?? []) {
        const start = r.TimePeriod?.Start;
        const end = r.TimePeriod?.End;
        if (!start || !end) throw new SourceError(`${where}: a result without a time period`);
        const groups = (r.Groups ?? []).map((g) => {
          const m = g.Metrics?.['UnblendedCost'];
          return { service: (g.Keys ?? []).join(' / ') || '(no service)', amount: m?.Amount ?? '', unit: m?.Unit ?? '' };
        });
        const prev = raw.find((x) => x.start === start);
        if (prev) prev.groups.push(...groups);
        else raw.push({ start, end, estimated: r.Estimated ?? false, groups });
      }
      token = out.NextPageToken || undefined;
    } while (token);
    fetchedAt = ctx.now().toISOString();
  }
  // months the window did not ask for are refused, not averaged (a proxy or a changed API could send them)
  for (const m of raw) {
    if (!(m.start >= period.start && m.end <= period.end && m.start < m.end)) {
      throw new SourceError(`${where}: returned ${m.start} to ${m.end}, outside the months asked for (${period.start} to ${period.end}, exclusive)`);
    }
  }
  const result: ActualMonth[] = raw.map((m) => {
    const byService: Record<string, number> = {};
    for (const g of m.groups) {
      if (!/^-?\d+(\.\d+)?(E-?\d+)?$/i.test(g.amount)) throw new SourceError(`${where}: malformed amount ${JSON.stringify(g.amount)} for ${g.service} in ${m.start}`);
      if (g.unit !== 'USD') throw new SourceError(`${where}: amounts in ${JSON.stringify(g.unit)}; lokiplan compares USD only`);
      // a month's spend inside what a plan can show (and add up exactly): 1e308 is no bill
      if (!(Math.abs(Number(g.amount)) <= LIMITS.monthlyUsd)) throw new SourceError(`${where}: an amount for ${g.service} in ${m.start} is beyond ${fmtUsd(LIMITS.monthlyUsd)} a month, more than lokiplan can add up exactly; check the tag or the endpoint`);
      byService[g.service] = (byService[g.service] ?? 0) + Number(g.amount);
    }
    const amount = Object.values(byService).reduce((a, b) => a + b, 0);
    if (!(Math.abs(amount) <= LIMITS.monthlyUsd)) throw new SourceError(`${where}: the spend in ${m.start} is beyond ${fmtUsd(LIMITS.monthlyUsd)} a month, more than lokiplan can add up exactly; check the tag or the endpoint`);
    return { start: m.start, end: m.end, estimated: m.estimated, byService, amount };
  });
  if (!cached) ctx.cache?.put(req, fetchedAt, raw);
  ctx.stats.seen(fetchedAt);
  return { tag, metric: 'UnblendedCost', months: result, period, fetchedAt, source: `AWS Cost Explorer GetCostAndUsage, UnblendedCost, tag ${tag.key}=${tag.value}, ${period.start} to ${period.end} (exclusive)${cached ? `; from the local cache, fetched ${fetchedAt} (--refresh fetches anew)` : '; fetched from AWS by this run'}` };
}
