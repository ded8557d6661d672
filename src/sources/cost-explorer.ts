/**
 * Actual spend from AWS Cost Explorer (`@aws-sdk/client-cost-explorer`, GetCostAndUsage): monthly
 * UnblendedCost for the resources carrying one cost allocation tag, grouped by service, over the
 * last N complete calendar months. Each request costs $0.01, so responses go through the cache.
 */
import { SourceError } from '../errors.js';
import { awsFailure, clientConfig } from './aws-common.js';
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
  const req = { api: 'ce:GetCostAndUsage', ...input };
  const where = `Cost Explorer (tag ${tag.key}=${tag.value})`;
  type Raw = { start: string; end: string; estimated: boolean; groups: { service: string; amount: string; unit: string }[] }[];
  let raw: Raw;
  let fetchedAt: string;
  const cached = ctx.cache?.get<Raw>(req);
  if (cached) {
    ctx.stats.hit('Cost Explorer');
    raw = cached.data;
    fetchedAt = cached.fetchedAt;
  } else {
    const mod: CeModule = await import('@aws-sdk/client-cost-explorer');
    const client = new mod.CostExplorerClient(clientConfig('us-east-1', ctx.env, 'COST_EXPLORER'));
    raw = [];
    let token: string | undefined;
    let pages = 0;
    do {
      if (++pages > 20) throw new SourceError(`${where}: more than 20 pages`);
      let out;
      try {
        out = await client.send(new mod.GetCostAndUsageCommand({ ...input, NextPageToken: token }));
      } catch (e) {
        throw awsFailure(e, 'ce:GetCostAndUsage', where);
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
  const result: ActualMonth[] = raw.map((m) => {
    const byService: Record<string, number> = {};
    for (const g of m.groups) {
      if (!/^-?\d+(\.\d+)?(E-?\d+)?$/i.test(g.amount)) throw new SourceError(`${where}: malformed amount ${JSON.stringify(g.amount)} for ${g.service} in ${m.start}`);
      if (g.unit !== 'USD') throw new SourceError(`${where}: amounts in ${JSON.stringify(g.unit)}; lokiplan compares USD only`);
      byService[g.service] = (byService[g.service] ?? 0) + Number(g.amount);
    }
    return { start: m.start, end: m.end, estimated: m.estimated, byService, amount: Object.values(byService).reduce((a, b) => a + b, 0) };
  });
  if (!cached) ctx.cache?.put(req, fetchedAt, raw);
  ctx.stats.seen(fetchedAt);
  return { tag, metric: 'UnblendedCost', months: result, fetchedAt, source: `AWS Cost Explorer GetCostAndUsage, UnblendedCost, tag ${tag.key}=${tag.value}, ${period.start} to ${period.end} (exclusive)` };
}
