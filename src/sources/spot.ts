/**
 * Spot prices from EC2 spot price history (`@aws-sdk/client-ec2`, DescribeSpotPriceHistory,
 * Linux/UNIX): a time-weighted average per instance type and availability zone over a stated
 * window, and the mean of the zones as the price the model uses for the type.
 */
import { SourceError } from '../errors.js';
import { PriceKeys } from '../model/prices.js';
import { awsFailure, boundResponses, clientConfig, endpointOf } from './aws-common.js';
import type { FetchContext, MissingKey } from './aws-pricing.js';
import { roundDecimal } from './decimal.js';
import type { PriceEntry } from './pricebook.js';

export const DEFAULT_SPOT_DAYS = 7;
const DESCRIPTIONS = ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)'];

export interface SpotPoint {
  instanceType: string;
  zone: string;
  description: string;
  usd: string;
  /** ISO time */
  at: string;
}

export interface SpotAverage {
  instanceType: string;
  /** zone -> time-weighted average, USD/hour */
  zones: Record<string, number>;
  usd: string;
  points: number;
}

/**
 * Time-weighted average over [start, end] per type and zone. A price holds from its timestamp until
 * the next one; the last price before the window (AWS returns it) covers the window's start.
 * 'Linux/UNIX' wins over 'Linux/UNIX (Amazon VPC)' when a zone reports both.
 */
export function averageSpot(points: readonly SpotPoint[], types: readonly string[], startMs: number, endMs: number): SpotAverage[] {
  const out: SpotAverage[] = [];
  for (const t of types) {
    const byZone = new Map<string, SpotPoint[]>();
    for (const p of points) {
      if (p.instanceType !== t) continue;
      const list = byZone.get(p.zone) ?? [];
      list.push(p);
      byZone.set(p.zone, list);
    }
    const zones: Record<string, number> = {};
    let n = 0;
    for (const [zone, all] of [...byZone].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const plain = all.filter((p) => p.description === DESCRIPTIONS[0]);
      const list = (plain.length ? plain : all).slice().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      let weighted = 0;
      let covered = 0;
      list.forEach((p, i) => {
        const from = Math.max(Date.parse(p.at), startMs);
        const to = Math.min(i + 1 < list.length ? Date.parse(list[i + 1]!.at) : endMs, endMs);
        if (to > from) {
          weighted += Number(p.usd) * (to - from);
          covered += to - from;
        }
      });
      // a single point at (or after) the end of the window still prices the zone
      const avg = covered > 0 ? weighted / covered : Number(list[list.length - 1]!.usd);
      if (Number.isFinite(avg) && avg > 0) {
        zones[zone] = avg;
        n += list.length;
      }
    }
    const vals = Object.values(zones);
    if (vals.length === 0) {
      throw new SourceError(`EC2 spot price history has no Linux/UNIX prices for ${t} in the window: the type may not be offered as spot in this region`);
    }
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    out.push({ instanceType: t, zones, usd: roundDecimal(mean, 6), points: n });
  }
  return out;
}

export function spotEntries(avgs: readonly SpotAverage[], region: string, window: string): Record<string, PriceEntry> {
  const prices: Record<string, PriceEntry> = {};
  for (const a of avgs) {
    const zones = Object.entries(a.zones)
      .map(([z, v]) => `${z} ${roundDecimal(v, 6)}`)
      .join(', ');
    prices[PriceKeys.ec2Spot(a.instanceType)] = {
      unit: 'hour',
      usd: a.usd,
      source: `EC2 spot price history (DescribeSpotPriceHistory, Linux/UNIX, ${region}): time-weighted average over ${window}, mean of ${Object.keys(a.zones).length} zones (${zones})`,
      pricingCategory: 'spot',
    };
  }
  return prices;
}

type Ec2Module = typeof import('@aws-sdk/client-ec2');

const isSpotPoints = (d: unknown): d is SpotPoint[] =>
  Array.isArray(d) &&
  d.every((p) => p && typeof p === 'object' && ['instanceType', 'zone', 'description', 'usd', 'at'].every((k) => typeof (p as Record<string, unknown>)[k] === 'string') && /^\d+(\.\d+)?$/.test((p as SpotPoint).usd));

/** Fetch spot history for the types over the last `days` days (through the cache), and average it. */
export async function fetchSpotPrices(
  region: string,
  instanceTypes: readonly string[],
  days: number,
  ctx: FetchContext,
): Promise<{ prices: Record<string, PriceEntry>; window: string; averages: SpotAverage[]; missing: MissingKey[] }> {
  const types = [...new Set(instanceTypes)].sort();
  if (types.length === 0) return { prices: {}, window: '', averages: [], missing: [] };
  const req = { api: 'ec2:DescribeSpotPriceHistory', region, InstanceTypes: types, ProductDescriptions: DESCRIPTIONS, windowDays: days, endpoint: endpointOf(ctx.env, 'EC2') ?? `aws:${region}` };
  const where = `EC2 spot price history (${region})`;
  let points: SpotPoint[];
  let endIso: string;
  const cached = ctx.cache?.get(req, isSpotPoints);
  if (cached) {
    ctx.stats.hit('spot price history');
    points = cached.data;
    endIso = cached.fetchedAt;
  } else {
    const end = ctx.now();
    endIso = end.toISOString();
    const start = new Date(end.getTime() - days * 86400_000);
    const mod: Ec2Module = await import('@aws-sdk/client-ec2');
    const client = boundResponses(new mod.EC2Client(clientConfig(region, ctx.env, 'EC2')));
    points = [];
    let token: string | undefined;
    let pages = 0;
    do {
      if (++pages > 50) throw new SourceError(`${where}: more than 50 pages of history`);
      let out;
      try {
        out = await client.send(
          new mod.DescribeSpotPriceHistoryCommand({ InstanceTypes: types as never, ProductDescriptions: DESCRIPTIONS, StartTime: start, EndTime: end, MaxResults: 1000, NextToken: token }),
        );
      } catch (e) {
        throw awsFailure(e, 'ec2:DescribeSpotPriceHistory', where, ctx.env);
      }
      ctx.stats.page(`spot price history, page ${pages}`, out.$metadata.attempts ?? 1);
      for (const h of out.SpotPriceHistory ?? []) {
        if (!h.InstanceType || !h.AvailabilityZone || !h.SpotPrice || !h.Timestamp) {
          throw new SourceError(`${where}: malformed history entry ${JSON.stringify(h)}`);
        }
        if (!/^\d+(\.\d+)?$/.test(h.SpotPrice)) throw new SourceError(`${where}: malformed spot price ${JSON.stringify(h.SpotPrice)} for ${h.InstanceType} in ${h.AvailabilityZone}`);
        points.push({ instanceType: h.InstanceType, zone: h.AvailabilityZone, description: h.ProductDescription ?? '', usd: h.SpotPrice, at: h.Timestamp.toISOString() });
      }
      token = out.NextToken || undefined;
    } while (token);
    ctx.cache?.put(req, endIso, points);
  }
  ctx.stats.seen(endIso);
  const endMs = Date.parse(endIso);
  const startMs = endMs - days * 86400_000;
  const window = `${days} days to ${endIso.slice(0, 16).replace('T', ' ')} UTC`;
  // type by type: a type with no history is missing with its reason, the others are priced
  const averages: SpotAverage[] = [];
  const missing: MissingKey[] = [];
  for (const t of types) {
    try {
      averages.push(...averageSpot(points, [t], startMs, endMs));
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      missing.push({ key: PriceKeys.ec2Spot(t), reason: e.message });
    }
  }
  return { prices: spotEntries(averages, region, window), window, averages, missing };
}
