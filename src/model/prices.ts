/**
 * The PriceBook interface the model prices against, the price keys it uses, and the one function
 * that splits a quantity across tiered prices. Sources (snapshot, file, AWS Pricing API) implement
 * PriceBook; the model never sees where a price came from except through `source`.
 */
import { PriceNotFoundError } from '../errors.js';
import { unitOf } from './price-catalogue.js';
import type { Commitment } from './types.js';

export interface PriceTier {
  /** inclusive lower bound of the tier, in the price's unit (e.g. GB-month) */
  from: number;
  /** exclusive upper bound; null for the last tier ("Inf") */
  to: number | null;
  /** exact decimal string as given by the source */
  usd: string;
  value: number;
}

export interface Price {
  key: string;
  /** unit the price is per: hour, GB-month, request, GB, object-month, ... */
  unit: string;
  /** one tier for flat prices */
  tiers: PriceTier[];
  source: string;
  asOf: string;
  /** SKU or provider price key when known */
  sku?: string;
  pricingCategory?: 'on-demand' | 'spot' | 'committed' | 'usage';
  /**
   * The public list price (FOCUS ListUnitPrice) when `tiers` is not it: a negotiated entry, an
   * enterprise discount, a commitment or a scenario override laid over the list. Absent: `tiers`
   * is the list price.
   */
  list?: PriceTier[];
  /**
   * The negotiated rate before commitment discounts (FOCUS ContractedUnitPrice) when `tiers` is a
   * commitment's effective rate. Absent: `tiers` is the contracted rate.
   */
  contracted?: PriceTier[];
  /** the commitment an `ec2.committed.*` rate comes from */
  commitment?: Commitment;
}


/** The tier of `tiers` that holds quantity `at` (the same tier boundaries as a slice's). */
export function tierAt(tiers: readonly PriceTier[], at: number): PriceTier {
  return tiers.find((t) => at >= t.from && (t.to === null || at < t.to)) ?? tiers[tiers.length - 1]!;
}

export interface PriceBook {
  /** e.g. "snapshot", "file:prices.json", "aws-pricing-api" */
  readonly id: string;
  readonly region: string;
  readonly currency: 'USD';
  /** as-of date (or fetched-at time) of the book as a whole */
  readonly asOf: string;
  /** live sources: when the prices were fetched (ISO time) */
  readonly fetchedAt?: string;
  /** live sources: the spot-history averaging window */
  readonly spotWindow?: string;
  /** e.g. a fallback to the snapshot, said in every report */
  readonly note?: string;
  /** live sources: keys the source was asked for and could not price, with why */
  readonly missing?: Readonly<Record<string, string>>;
  /** throws PriceNotFoundError; never returns a zero stand-in */
  get(key: string): Price;
  has(key: string): boolean;
}

/**
 * Interned key builders: the same key string object is returned each time, so its hash is
 * computed once (plan() looks prices up on a hot path).
 */
function interned(prefix: string): (part: string) => string {
  const seen = new Map<string, string>();
  return (part) => {
    let k = seen.get(part);
    if (k === undefined) seen.set(part, (k = prefix + part));
    return k;
  };
}

/** Price keys used by the model (each in a family of model/price-catalogue.ts). Instance keys take the instance type. */
export const PriceKeys = {
  ec2OnDemand: interned('ec2.ondemand.'),
  ec2Spot: interned('ec2.spot.'),
  /** Savings Plan / Reserved Instance effective hourly rate (price books with commitments) */
  ec2Committed: interned('ec2.committed.'),
  ebsGp3Storage: 'ebs.gp3.storage',
  s3Storage: interned('s3.storage.'),
  s3Tier1: 's3.requests.tier1',
  s3Tier2: 's3.requests.tier2',
  /** GET and SELECT into a class other than Standard / Intelligent-Tiering (Standard-IA, Glacier IR) */
  s3Get: interned('s3.requests.tier2.'),
  /** data retrieval per GB (Standard-IA, Glacier Instant Retrieval) */
  s3Retrieval: interned('s3.retrieval.'),
  s3Transition: interned('s3.transition.'),
  s3ItMonitoring: 's3.it.monitoring',
  interAz: 'transfer.inter-az',
  natHour: 'vpc.nat-gateway.hour',
  natGb: 'vpc.nat-gateway.gb',
  interfaceEndpointHour: 'vpc.endpoint.interface.hour',
  interfaceEndpointGb: 'vpc.endpoint.interface.gb',
  cloudTrailDataEvents: 'cloudtrail.data-events',
  kmsRequests: 'kms.requests',
  kmsKey: 'kms.key',
  eksCluster: 'eks.cluster',
  nlbHour: 'elb.nlb.hour',
  nlbLcu: 'elb.nlb.lcu',
  vcpuHour: 'compute.vcpu-hour',
  gibHour: 'compute.gib-hour',
} as const;

export interface TierSlice {
  from: number;
  to: number | null;
  quantity: number;
  usd: string;
  unitPrice: number;
  cost: number;
}

/**
 * Split `quantity` across graduated tiers: each tier prices only the part of the quantity that
 * falls inside [from, to). Tiers must be contiguous from 0 and the last open-ended; a quantity
 * beyond a closed last tier is an error, never silently priced at zero.
 */
export function splitTiers(quantity: number, tiers: readonly PriceTier[], key = 'price'): TierSlice[] {
  if (!(quantity >= 0) || !Number.isFinite(quantity)) {
    throw new RangeError(`${key}: quantity must be a finite number >= 0, got ${quantity}`);
  }
  validateTiers(tiers, key);
  const out: TierSlice[] = [];
  for (const t of tiers) {
    if (quantity <= t.from && out.length > 0) break;
    const upper = t.to === null ? quantity : Math.min(quantity, t.to);
    const q = Math.max(0, upper - t.from);
    out.push({ from: t.from, to: t.to, quantity: q, usd: t.usd, unitPrice: t.value, cost: q * t.value });
    if (t.to === null || quantity <= t.to) break;
  }
  const last = tiers[tiers.length - 1]!;
  if (last.to !== null && quantity > last.to) {
    throw new RangeError(`${key}: quantity ${quantity} exceeds the last tier's upper bound ${last.to}`);
  }
  return out;
}

export function validateTiers(tiers: readonly PriceTier[], key: string): void {
  if (tiers.length === 0) throw new RangeError(`${key}: no price tiers`);
  let expect = 0;
  tiers.forEach((t, i) => {
    if (t.from !== expect) throw new RangeError(`${key}: tier ${i} starts at ${t.from}, expected ${expect}`);
    if (t.to !== null && !(t.to > t.from)) throw new RangeError(`${key}: tier ${i} is empty or inverted`);
    if (t.to === null && i !== tiers.length - 1) throw new RangeError(`${key}: only the last tier may be open-ended`);
    if (!(t.value >= 0) || !Number.isFinite(t.value)) throw new RangeError(`${key}: tier ${i} price is not a finite number >= 0`);
    expect = t.to ?? Infinity;
  });
}

export function flatPrice(p: Price): PriceTier {
  if (p.tiers.length !== 1) {
    throw new PriceNotFoundError(p.key, '', p.source, `expected one flat price, found ${p.tiers.length} tiers`);
  }
  return p.tiers[0]!;
}

/**
 * A price book with scenario overrides laid over it (e.g. a document's own $/vCPU-hour).
 * Memoised per (book, overrides object): plan() is called many times for one scenario in sweeps.
 */
const OVERRIDDEN = new WeakMap<PriceBook, WeakMap<Record<string, string>, PriceBook>>();

export function withOverrides(book: PriceBook, overrides: Record<string, string>, origin: string): PriceBook {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return book;
  let byOverrides = OVERRIDDEN.get(book);
  if (!byOverrides) OVERRIDDEN.set(book, (byOverrides = new WeakMap()));
  const hit = byOverrides.get(overrides);
  if (hit) return hit;
  const cache = new Map<string, Price>();
  const wrapped: PriceBook = {
    ...provenance(book),
    has: (k) => k in overrides || book.has(k),
    get(k) {
      const usd = overrides[k];
      if (usd === undefined) return book.get(k);
      let p = cache.get(k);
      if (!p) {
        const under = book.has(k) ? book.get(k) : null;
        p = {
          key: k,
          unit: under ? under.unit : overrideUnit(k),
          tiers: [{ from: 0, to: null, usd, value: Number(usd) }],
          source: `override (${origin})`,
          asOf: 'scenario',
        };
        // the book's public price stays the list price the override replaced (FOCUS ListUnitPrice)
        if (under) p.list = under.list ?? under.tiers;
        cache.set(k, p);
      }
      return p;
    },
  };
  byOverrides.set(overrides, wrapped);
  return wrapped;
}

/** The identifying and provenance fields of a book, for wrappers. */
export function provenance(book: PriceBook): Pick<PriceBook, 'id' | 'region' | 'currency' | 'asOf' | 'fetchedAt' | 'spotWindow' | 'note'> {
  const p: { id: string; region: string; currency: 'USD'; asOf: string; fetchedAt?: string; spotWindow?: string; note?: string } = {
    id: book.id,
    region: book.region,
    currency: book.currency,
    asOf: book.asOf,
  };
  if (book.fetchedAt !== undefined) p.fetchedAt = book.fetchedAt;
  if (book.spotWindow !== undefined) p.spotWindow = book.spotWindow;
  if (book.note !== undefined) p.note = book.note;
  return p;
}

/** An override of a key the book lacks is in the catalogue's unit for that key. */
function overrideUnit(key: string): string {
  return unitOf(key) ?? 'unit';
}
