/**
 * "The same workload elsewhere": the scenario's workload (bytes and lines per day, retention,
 * query volume, compression) priced on managed and SaaS log services, each a list of cost lines
 * with quantity, unit price, price key and source, like the Loki plan itself. Pure: prices arrive
 * through a lookup (AWS keys from the region's price book or the alternatives snapshot, SaaS keys
 * from the shipped, dated list-price book, a user's quote over either).
 *
 * Every rule names its public reference; every number that is an estimate (OCU throughput, event
 * size, compression, index expansion) is a named, adjustable assumption, and each alternative says
 * which assumption carries most of its bill.
 */
import { PriceNotFoundError } from '../errors.js';
import { fmtBytes, fmtNum } from './format.js';
import { flatPrice, type Price } from './prices.js';
import type { AltAssumption, AltCategory, AltLine, Alternative, AlternativeId, AlternativesResult, AssumptionId, Scenario, UnpricedAlternative, Workload } from './types.js';


export interface AlternativesOptions {
  include: readonly AlternativeId[];
  /** raw log bytes per stored byte for services that bill compressed storage (CloudWatch Logs); null: the scenario's storage.compressionRatio */
  compressionRatio: number | null;
  /** bytes per log event, when the scenario gives no line size */
  eventBytes: number;
  /** raw bytes of log per second one OpenSearch Serverless indexing OCU indexes (estimate) */
  ocuIndexingBytesPerSecond: number;
  /** days of the newest data an OpenSearch Serverless time-series collection keeps hot on search OCUs */
  hotDays: number;
}

export const ALTERNATIVE_IDS: readonly AlternativeId[] = [
  'cloudwatch-standard',
  'cloudwatch-ia',
  'opensearch-serverless',
  'opensearch-managed',
  'grafana-cloud',
  'datadog',
];

/** Public references the rules below follow. */
export const REF = {
  cwPricing: 'https://aws.amazon.com/cloudwatch/pricing/',
  cwClasses: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html',
  cwInsightsClasses: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData_Classes.html',
  cwPutLogEvents: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html',
  cwRetention: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
  ossPricing: 'https://aws.amazon.com/opensearch-service/pricing/',
  ossScaling: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-scaling.html',
  ossHalfOcu: 'https://aws.amazon.com/blogs/big-data/amazon-opensearch-serverless-cost-effective-search-capabilities-at-any-scale/',
  osSizing: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/sizing-domains.html',
  osEbsLimits: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html#ebsresource',
  osMasters: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html',
  grafanaInvoice: 'https://grafana.com/docs/grafana-cloud/cost-management-and-billing/understand-your-invoice/logs-invoice/',
  datadogPricing: 'https://www.datadoghq.com/pricing/?product=log-management',
  datadogBilling: 'https://docs.datadoghq.com/account_management/billing/log_management/',
} as const;

/**
 * CloudWatch Logs accepts only these retention settings (days); a scenario's retention is
 * rounded up to the next one (PutRetentionPolicy, `retentionInDays` valid values).
 */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** PutLogEvents counts each event as its UTF-8 message plus 26 bytes. */
export const CLOUDWATCH_EVENT_OVERHEAD_BYTES = 26;

/**
 * AWS's storage formula for a managed domain: source x (1 + replicas) x (1 + indexing overhead 10%)
 * / (1 - Linux reserved 5%) / (1 - OpenSearch Service overhead 20%), about x 1.45 per copy.
 */
export const OPENSEARCH_STORAGE_FACTOR = (1 + 0.1) / (1 - 0.05) / (1 - 0.2);
export const OPENSEARCH_INDEX_EXPANSION = 1.1;

/** The managed domain lokiplan prices: storage-bound data nodes, one replica, three dedicated masters, three AZs. */
export const OPENSEARCH_DOMAIN = {
  dataNode: 'r6g.2xlarge.search',
  /** gp3 EBS per r6g.2xlarge.search data node, GiB (EBS volume size quotas) */
  dataNodeMaxEbsGiB: 3072,
  masterNode: 'm6g.large.search',
  masters: 3,
  replicas: 1,
  zones: 3,
} as const;

/** OpenSearch Serverless: minimum OCUs with redundancy (0.5 OCU x 2 for indexing, the same for search). */
export const OSS_MIN_OCUS_PER_SET = 0.5;
export const OSS_REDUNDANCY = 2;
/** a full OCU's local storage, GiB (AWS: "1 vCPU, 6 GB of RAM and 120 GB of storage") */
export const OSS_OCU_STORAGE_GIB = 120;

/** Datadog Standard Indexing retention tiers (days) with a list price per million events. */
export const DATADOG_RETENTION_TIERS = [15, 30] as const;

/** Grafana Cloud: 30 days of retention included on paid plans; 100x written volume queried free. */
export const GRAFANA = { includedRetentionDays: 30, retentionIncrementDays: 30, fairUseQueryRatio: 100, freeWrittenGb: 50 } as const;

export type PriceLookup = (key: string) => Price;


export const ALTERNATIVE_NAMES: Record<AlternativeId, string> = {
  'cloudwatch-standard': 'Amazon CloudWatch Logs (Standard)',
  'cloudwatch-ia': 'Amazon CloudWatch Logs (Infrequent Access)',
  'opensearch-serverless': 'Amazon OpenSearch Serverless (time series)',
  'opensearch-managed': 'Amazon OpenSearch Service (managed domain, hot EBS)',
  'grafana-cloud': 'Grafana Cloud Logs',
  datadog: 'Datadog Log Management',
};


export function alternatives(s: Scenario, w: Workload, lookup: PriceLookup, o: AlternativesOptions): AlternativesResult {
  const ctx = context(s, w, o);
  const out: AlternativesResult = { priced: [], unpriced: [] };
  for (const id of o.include) {
    try {
      out.priced.push(BUILDERS[id](ctx, lookup));
    } catch (e) {
      if (!(e instanceof PriceNotFoundError)) throw e;
      out.unpriced.push({ id, name: ALTERNATIVE_NAMES[id], unpriced: e.message });
    }
  }
  return out;
}

interface Ctx {
  s: Scenario;
  w: Workload;
  o: AlternativesOptions & { compressionRatio: number };
  days: number;
  hours: number;
  /** AWS's billed GB (2^30 unless the scenario says 10^9) */
  awsGb: number;
  rawBytesMonth: number;
  eventsMonth: number;
  eventBytes: number;
  eventBytesGiven: boolean;
  scannedBytesMonth: number;
  ingestAssumption: AltAssumption;
  eventAssumption: AltAssumption;
}

const SAAS_GB = 1e9;

function context(s: Scenario, w: Workload, opts: AlternativesOptions): Ctx {
  const o = { ...opts, compressionRatio: opts.compressionRatio ?? s.storage.compressionRatio };
  const days = w.daysPerMonth;
  const rawBytesMonth = w.bytesPerDay * days;
  const eventBytesGiven = s.ingest.avgLineBytes !== null || s.ingest.linesPerSecond !== null;
  const eventBytes =
    s.ingest.avgLineBytes ?? (s.ingest.linesPerSecond ? s.ingest.bytesPerSecond / s.ingest.linesPerSecond : o.eventBytes);
  const eventsMonth = s.ingest.linesPerSecond !== null ? s.ingest.linesPerSecond * 86400 * days : rawBytesMonth / eventBytes;
  return {
    s,
    w,
    o,
    days,
    hours: s.hoursPerMonth,
    awsGb: s.storage.billingGigabyte === 'GB' ? 1e9 : 2 ** 30,
    rawBytesMonth,
    eventsMonth,
    eventBytes,
    eventBytesGiven,
    scannedBytesMonth: s.query.scannedBytesPerDay * days,
    ingestAssumption: {
      id: 'ingest-volume',
      text: `${fmtBytes(w.bytesPerDay)}/day of raw log bytes for ${fmtNum(days)} days a month (the scenario's ingest)`,
      source: 'scenario',
    },
    eventAssumption: {
      id: 'event-size',
      text: eventBytesGiven
        ? `${fmtNum(round(eventBytes, 1))} B per log line (the scenario's line rate and size): ${fmtNum(round(eventsMonth / 1e6, 1))} million events a month`
        : `${fmtNum(eventBytes)} B per log line (assumed: the scenario gives no line rate or size; set alternatives.eventSize): ${fmtNum(round(eventsMonth / 1e6, 1))} million events a month`,
      source: eventBytesGiven ? 'scenario' : 'lokiplan assumption',
    },
  };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

class Lines {
  readonly lines: AltLine[] = [];
  constructor(private readonly lookup: PriceLookup, private readonly prefix: string) {}
  add(
    id: string,
    category: AltCategory,
    resource: string,
    description: string,
    quantity: number,
    priceKey: string,
    assumption: AssumptionId,
  ): void {
    const price = this.lookup(priceKey);
    const tier = flatPrice(price);
    if (!Number.isFinite(quantity) || quantity < 0) throw new RangeError(`${this.prefix}.${id}: quantity ${quantity} is not a finite non-negative number`);
    this.lines.push({
      id: `${this.prefix}.${id}`,
      category,
      resource,
      description,
      unit: price.unit,
      quantity,
      priceKey,
      unitPriceUsd: tier.usd,
      unitPrice: tier.value,
      monthlyCost: quantity * tier.value,
      priceSource: price.source,
      priceAsOf: price.asOf,
      assumption,
    });
  }
}

function finish(
  base: Omit<Alternative, 'monthly' | 'dominant'>,
): Alternative {
  const monthly = base.lines.reduce((a, l) => a + l.monthlyCost, 0);
  const byAssumption = new Map<AssumptionId, number>();
  for (const l of base.lines) byAssumption.set(l.assumption, (byAssumption.get(l.assumption) ?? 0) + l.monthlyCost);
  let top: [AssumptionId, number] = ['ingest-volume', 0];
  for (const e of byAssumption) if (e[1] > top[1]) top = e;
  const share = monthly > 0 ? top[1] / monthly : 0;
  const a = base.assumptions.find((x) => x.id === top[0]);
  return { ...base, monthly, dominant: { assumption: top[0], share, text: a?.text ?? top[0] } };
}

function cloudwatch(cls: 'standard' | 'ia'): (c: Ctx, lookup: PriceLookup) => Alternative {
  return (c, lookup) => {
    const id: AlternativeId = cls === 'standard' ? 'cloudwatch-standard' : 'cloudwatch-ia';
    const L = new Lines(lookup, `alt.${id}`);
    const overhead = c.eventsMonth * CLOUDWATCH_EVENT_OVERHEAD_BYTES;
    const ingestGb = (c.rawBytesMonth + overhead) / c.awsGb;
    const label = cls === 'standard' ? 'Standard' : 'Infrequent Access';
    L.add(
      'ingest',
      'ingest',
      `CloudWatch Logs ingestion (${label})`,
      `${fmtNum(round(ingestGb, 1))} GB a month: raw log bytes plus ${CLOUDWATCH_EVENT_OVERHEAD_BYTES} B per event (PutLogEvents event size)`,
      ingestGb,
      `cloudwatch.logs.ingest.${cls}`,
      'ingest-volume',
    );
    const retention = CLOUDWATCH_RETENTION_DAYS.find((d) => d >= c.s.retentionDays) ?? null;
    const warnings: string[] = [];
    const keptDays = retention ?? c.s.retentionDays;
    if (retention === null) warnings.push(`CloudWatch Logs retention settings stop at 3,653 days (or never expire); ${fmtNum(c.s.retentionDays)} days is priced as kept that long`);
    else if (retention !== c.s.retentionDays) warnings.push(`CloudWatch Logs has no ${fmtNum(c.s.retentionDays)}-day retention setting; priced at the next one, ${fmtNum(retention)} days`);
    const storedGbMonths = ((c.w.bytesPerDay + overhead / c.days) * keptDays) / c.o.compressionRatio / c.awsGb;
    L.add(
      'storage',
      'storage',
      `CloudWatch Logs storage (${label})`,
      `${fmtNum(round(storedGbMonths, 1))} GB-months: ${fmtNum(keptDays)} days kept, compressed ${fmtNum(c.o.compressionRatio)}:1`,
      storedGbMonths,
      `cloudwatch.logs.storage.${cls}`,
      'compression',
    );
    const scannedGb = c.scannedBytesMonth / c.awsGb;
    L.add(
      'insights',
      'query',
      'CloudWatch Logs Insights queries',
      `${fmtNum(round(scannedGb, 1))} GB scanned a month (the scenario's query.scannedPerDay)`,
      scannedGb,
      'cloudwatch.logs.insights',
      'query-volume',
    );
    return finish({
      id,
      name: ALTERNATIVE_NAMES[id],
      provider: 'AWS',
      kind: 'aws',
      lines: L.lines,
      includes: [
        'managed ingestion, storage, encryption and retention with no cluster to run',
        'Logs Insights queries (priced per GB scanned) and a Grafana data source',
        ...(cls === 'standard' ? ['Live Tail, metric filters, subscription filters and anomaly detection'] : []),
      ],
      leavesOut: [
        ...(cls === 'ia'
          ? [
              'Live Tail, metric filters and subscription filters (not supported on the Infrequent Access class)',
              'the Logs Insights commands pattern, diff, filterIndex and unmask',
            ]
          : []),
        'LogQL: dashboards and alerts written for Loki must be rewritten for Logs Insights',
        'the log class cannot be changed after a log group is created',
        'retention only in fixed steps (1 day to 10 years, or never expire)',
        'cross-region or cross-account reads pay data transfer; support is a separate AWS Support plan',
      ],
      assumptions: [
        c.ingestAssumption,
        c.eventAssumption,
        {
          id: 'event-overhead',
          text: `${CLOUDWATCH_EVENT_OVERHEAD_BYTES} B per event added to the billed ingest (PutLogEvents counts message bytes + 26 B per event; lokiplan assumes billing counts the same)`,
          source: REF.cwPutLogEvents,
        },
        {
          id: 'compression',
          text: `storage billed on compressed bytes at ${fmtNum(c.o.compressionRatio)}:1 (alternatives.compressionRatio; default the scenario's storage.compressionRatio)`,
          source: REF.cwPricing,
        },
        { id: 'query-volume', text: `Logs Insights scans ${fmtBytes(c.s.query.scannedBytesPerDay)}/day, as Loki does (no index narrows it)`, source: REF.cwPricing },
        { id: 'retention', text: `retention ${fmtNum(keptDays)} days (CloudWatch's retention steps)`, source: REF.cwRetention },
      ],
      warnings,
    });
  };
}

/** OCUs for one set (indexing or search): half an OCU, then whole OCUs, times the redundancy. */
function ocus(need: number): number {
  const one = need <= OSS_MIN_OCUS_PER_SET ? OSS_MIN_OCUS_PER_SET : Math.ceil(need);
  return one * OSS_REDUNDANCY;
}

function opensearchServerless(c: Ctx, lookup: PriceLookup): Alternative {
  const L = new Lines(lookup, 'alt.opensearch-serverless');
  const indexNeed = c.w.avgBytesPerSecond / c.o.ocuIndexingBytesPerSecond;
  const indexing = ocus(indexNeed);
  L.add(
    'indexing',
    'indexing',
    'OpenSearch Serverless indexing OCUs',
    `${fmtNum(indexing)} OCU x ${fmtNum(c.hours)} h: ${fmtBytes(c.w.avgBytesPerSecond)}/s average at ${fmtBytes(c.o.ocuIndexingBytesPerSecond)}/s per OCU, x${OSS_REDUNDANCY} standby replicas (redundancy on)`,
    indexing * c.hours,
    'opensearch.serverless.indexing-ocu',
    'ocu-throughput',
  );
  const indexedPerDayGiB = (c.w.bytesPerDay * OPENSEARCH_INDEX_EXPANSION) / 2 ** 30;
  const hotGiB = indexedPerDayGiB * Math.min(c.o.hotDays, c.s.retentionDays);
  const search = ocus(hotGiB / OSS_OCU_STORAGE_GIB);
  L.add(
    'search',
    'compute',
    'OpenSearch Serverless search OCUs',
    `${fmtNum(search)} OCU x ${fmtNum(c.hours)} h: ${fmtNum(round(hotGiB, 0))} GiB hot (${fmtNum(c.o.hotDays)} ${c.o.hotDays === 1 ? 'day' : 'days'} of indexed data) at ${OSS_OCU_STORAGE_GIB} GiB per OCU, x${OSS_REDUNDANCY} (redundancy on)`,
    search * c.hours,
    'opensearch.serverless.search-ocu',
    'hot-window',
  );
  const storedGbMonths = (c.w.bytesPerDay * OPENSEARCH_INDEX_EXPANSION * c.s.retentionDays) / c.awsGb;
  L.add(
    'storage',
    'storage',
    'OpenSearch Serverless managed storage',
    `${fmtNum(round(storedGbMonths, 1))} GB-months: ${fmtNum(c.s.retentionDays)} days x raw bytes x ${OPENSEARCH_INDEX_EXPANSION} index expansion`,
    storedGbMonths,
    'opensearch.serverless.storage',
    'index-expansion',
  );
  return finish({
    id: 'opensearch-serverless',
    name: ALTERNATIVE_NAMES['opensearch-serverless'],
    provider: 'AWS',
    kind: 'aws',
    lines: L.lines,
    includes: ['full-text indexing of every field (fast needle-in-haystack search)', 'no cluster, shards or nodes to manage; scales OCUs with load', 'OpenSearch Dashboards and a Grafana data source'],
    leavesOut: [
      'LogQL and Loki label semantics: queries, dashboards and alerts must be rewritten',
      'some OpenSearch features (e.g. alerting, ISM) are unavailable on Serverless',
      'OCUs never scale below the minimum (0.5 OCU x 2 for indexing and again for search), even when idle',
    ],
    assumptions: [
      c.ingestAssumption,
      {
        id: 'ocu-throughput',
        text: `one indexing OCU indexes ${fmtBytes(c.o.ocuIndexingBytesPerSecond)}/s of raw log (alternatives.ocuIndexingRate: a lokiplan estimate; AWS publishes no per-OCU throughput)`,
        source: REF.ossScaling,
      },
      {
        id: 'hot-window',
        text: `search OCUs hold the newest ${fmtNum(c.o.hotDays)} ${c.o.hotDays === 1 ? 'day' : 'days'} of indexed data at ${OSS_OCU_STORAGE_GIB} GiB per OCU (alternatives.hotDays: a lokiplan estimate; AWS: idle search OCUs scale with data size)`,
        source: REF.ossHalfOcu,
      },
      { id: 'index-expansion', text: `indexed size = raw x ${OPENSEARCH_INDEX_EXPANSION} (AWS's indexing overhead of 10%)`, source: REF.osSizing },
    ],
    warnings: [],
  });
}

function opensearchManaged(c: Ctx, lookup: PriceLookup): Alternative {
  const L = new Lines(lookup, 'alt.opensearch-managed');
  const d = OPENSEARCH_DOMAIN;
  const storageGiB = ((c.w.bytesPerDay * c.s.retentionDays) / 2 ** 30) * (1 + d.replicas) * OPENSEARCH_STORAGE_FACTOR;
  const byStorage = Math.ceil(storageGiB / d.dataNodeMaxEbsGiB);
  const nodes = Math.max(d.zones, Math.ceil(byStorage / d.zones) * d.zones);
  const volumeGiB = Math.ceil(storageGiB / nodes);
  L.add(
    'data-nodes',
    'compute',
    `OpenSearch data nodes (${d.dataNode})`,
    `${fmtNum(nodes)} x ${d.dataNode} for ${fmtNum(c.hours)} h: ${fmtNum(round(storageGiB, 0))} GiB needed at up to ${fmtNum(d.dataNodeMaxEbsGiB)} GiB EBS per node, a multiple of ${d.zones} zones`,
    nodes * c.hours,
    `opensearch.instance.${d.dataNode}`,
    'index-expansion',
  );
  L.add(
    'master-nodes',
    'compute',
    `OpenSearch dedicated master nodes (${d.masterNode})`,
    `${d.masters} x ${d.masterNode} for ${fmtNum(c.hours)} h (AWS recommends three dedicated masters for production)`,
    d.masters * c.hours,
    `opensearch.instance.${d.masterNode}`,
    'domain-topology',
  );
  const ebsGb = (nodes * volumeGiB * 2 ** 30) / c.awsGb;
  L.add(
    'ebs',
    'storage',
    'OpenSearch EBS gp3 storage',
    `${fmtNum(nodes)} x ${fmtNum(volumeGiB)} GiB gp3: ${fmtNum(c.s.retentionDays)} days x (1 + ${d.replicas} replica) x ${round(OPENSEARCH_STORAGE_FACTOR, 3)} (AWS's storage formula)`,
    ebsGb,
    'opensearch.ebs.gp3',
    'index-expansion',
  );
  return finish({
    id: 'opensearch-managed',
    name: ALTERNATIVE_NAMES['opensearch-managed'],
    provider: 'AWS',
    kind: 'aws',
    lines: L.lines,
    includes: ['full-text indexing of every field', 'the full OpenSearch feature set (alerting, ISM, anomaly detection)', 'multi-AZ with a replica of every shard'],
    leavesOut: [
      'LogQL and Loki label semantics: queries, dashboards and alerts must be rewritten',
      'UltraWarm, cold storage and OR1 instances (cheaper for long retention; not priced here)',
      'shard sizing, upgrades and blue/green changes are still yours to operate',
    ],
    assumptions: [
      c.ingestAssumption,
      {
        id: 'index-expansion',
        text: `storage = raw x (1 + ${d.replicas} replica) x 1.1 / 0.95 / 0.8 = x ${round((1 + d.replicas) * OPENSEARCH_STORAGE_FACTOR, 2)} (AWS's sizing formula); data nodes sized by storage only`,
        source: REF.osSizing,
      },
      { id: 'domain-topology', text: `${d.masters} dedicated master nodes (${d.masterNode}), data nodes in ${d.zones} zones`, source: REF.osMasters },
    ],
    warnings: [`data nodes are sized by storage alone (${d.dataNode}, ${fmtNum(d.dataNodeMaxEbsGiB)} GiB each, ${REF.osEbsLimits}); check indexing CPU for ${fmtBytes(c.w.peakBytesPerSecond)}/s at peak`],
  });
}

function grafanaCloud(c: Ctx, lookup: PriceLookup): Alternative {
  const L = new Lines(lookup, 'alt.grafana-cloud');
  const gb = c.rawBytesMonth / SAAS_GB;
  L.add('process', 'ingest', 'Grafana Cloud Logs: GB processed', `${fmtNum(round(gb, 1))} GB received a month`, gb, 'grafana-cloud.logs.process', 'ingest-volume');
  const queriedGb = c.scannedBytesMonth / SAAS_GB;
  const billableWritten = Math.max(gb, queriedGb / GRAFANA.fairUseQueryRatio);
  const written = Math.max(0, billableWritten - GRAFANA.freeWrittenGb);
  const fair = queriedGb / GRAFANA.fairUseQueryRatio > gb;
  L.add(
    'write',
    'ingest',
    'Grafana Cloud Logs: GB written',
    `${fmtNum(round(written, 1))} GB written a month after the ${GRAFANA.freeWrittenGb} GB included${fair ? ` (queries exceed the ${GRAFANA.fairUseQueryRatio}x fair use: billed as queried / ${GRAFANA.fairUseQueryRatio})` : ''}`,
    written,
    'grafana-cloud.logs.write',
    fair ? 'query-volume' : 'ingest-volume',
  );
  const extra = Math.max(0, Math.ceil((c.s.retentionDays - GRAFANA.includedRetentionDays) / GRAFANA.retentionIncrementDays));
  if (extra > 0) {
    L.add(
      'retain',
      'storage',
      'Grafana Cloud Logs: retention beyond 30 days',
      `${fmtNum(round(gb, 1))} GB x ${extra} extra 30-day ${extra === 1 ? 'increment' : 'increments'} for ${fmtNum(c.s.retentionDays)} days`,
      gb * extra,
      'grafana-cloud.logs.retain',
      'retention',
    );
  }
  return finish({
    id: 'grafana-cloud',
    name: ALTERNATIVE_NAMES['grafana-cloud'],
    provider: 'Grafana Labs',
    kind: 'saas',
    lines: L.lines,
    includes: ['hosted Loki: the same LogQL, labels, dashboards and alerts', `${GRAFANA.includedRetentionDays} days of retention`, `queries up to ${GRAFANA.fairUseQueryRatio}x the written volume each month`],
    leavesOut: ['platform fees, users and other signals (metrics, traces) of the Grafana Cloud plan', 'egress from AWS to Grafana Cloud (internet or PrivateLink data transfer from the VPC)', 'Adaptive Logs savings (they lower GB written)'],
    assumptions: [
      c.ingestAssumption,
      { id: 'query-volume', text: `${fmtBytes(c.s.query.scannedBytesPerDay)}/day queried against the ${GRAFANA.fairUseQueryRatio}x fair-use allowance`, source: REF.grafanaInvoice },
      { id: 'retention', text: `retention ${fmtNum(c.s.retentionDays)} days; ${GRAFANA.includedRetentionDays} included, then per GB per 30-day increment`, source: REF.grafanaInvoice },
    ],
    warnings: [],
  });
}

function datadog(c: Ctx, lookup: PriceLookup): Alternative {
  const L = new Lines(lookup, 'alt.datadog');
  const gb = c.rawBytesMonth / SAAS_GB;
  L.add('ingest', 'ingest', 'Datadog Log Management: ingestion', `${fmtNum(round(gb, 1))} GB ingested a month`, gb, 'datadog.logs.ingest', 'ingest-volume');
  const tier = DATADOG_RETENTION_TIERS.find((d) => d >= c.s.retentionDays) ?? null;
  const warnings: string[] = [];
  const priced = tier ?? DATADOG_RETENTION_TIERS[DATADOG_RETENTION_TIERS.length - 1]!;
  if (tier === null) warnings.push(`Datadog's list price for Standard Indexing stops at ${priced}-day retention; ${fmtNum(c.s.retentionDays)} days needs Flex Logs or a contract, and is priced here at the ${priced}-day rate (a lower bound)`);
  const millions = c.eventsMonth / 1e6;
  L.add(
    'index',
    'indexing',
    `Datadog Standard Indexing (${priced}-day retention)`,
    `${fmtNum(round(millions, 1))} million events indexed a month (every line indexed)`,
    millions,
    `datadog.logs.index.${priced}d`,
    'event-size',
  );
  return finish({
    id: 'datadog',
    name: ALTERNATIVE_NAMES.datadog,
    provider: 'Datadog',
    kind: 'saas',
    lines: L.lines,
    includes: ['hosted ingestion, indexing, search, dashboards and monitors', `Standard Indexing with ${priced}-day retention (annual-commitment list price)`],
    leavesOut: [
      'on-demand usage above the commitment is billed at a 50% premium',
      'LogQL: queries, dashboards and alerts must be rewritten',
      'egress from AWS to Datadog (internet or PrivateLink data transfer)',
      'indexing only a subset of lines (exclusion filters) would lower the indexing line',
    ],
    assumptions: [c.ingestAssumption, c.eventAssumption, { id: 'retention', text: `retention ${fmtNum(c.s.retentionDays)} days -> the ${priced}-day indexing tier`, source: REF.datadogPricing }],
    warnings,
  });
}

const BUILDERS: Record<AlternativeId, (c: Ctx, lookup: PriceLookup) => Alternative> = {
  'cloudwatch-standard': cloudwatch('standard'),
  'cloudwatch-ia': cloudwatch('ia'),
  'opensearch-serverless': opensearchServerless,
  'opensearch-managed': opensearchManaged,
  'grafana-cloud': grafanaCloud,
  datadog,
};

/** Which alternatives the price lookup can price (a key it cannot find is reported, never zero). */
export function alternativeKeys(id: AlternativeId, retentionDays: number): string[] {
  switch (id) {
    case 'cloudwatch-standard':
    case 'cloudwatch-ia': {
      const c = id === 'cloudwatch-standard' ? 'standard' : 'ia';
      return [`cloudwatch.logs.ingest.${c}`, `cloudwatch.logs.storage.${c}`, 'cloudwatch.logs.insights'];
    }
    case 'opensearch-serverless':
      return ['opensearch.serverless.indexing-ocu', 'opensearch.serverless.search-ocu', 'opensearch.serverless.storage'];
    case 'opensearch-managed':
      return [`opensearch.instance.${OPENSEARCH_DOMAIN.dataNode}`, `opensearch.instance.${OPENSEARCH_DOMAIN.masterNode}`, 'opensearch.ebs.gp3'];
    case 'grafana-cloud':
      return ['grafana-cloud.logs.process', 'grafana-cloud.logs.write', ...(retentionDays > GRAFANA.includedRetentionDays ? ['grafana-cloud.logs.retain'] : [])];
    case 'datadog': {
      const t = DATADOG_RETENTION_TIERS.find((d) => d >= retentionDays) ?? DATADOG_RETENTION_TIERS[DATADOG_RETENTION_TIERS.length - 1]!;
      return ['datadog.logs.ingest', `datadog.logs.index.${t}d`];
    }
  }
}
