/**
 * The same workload elsewhere (plan --alternatives): each alternative's lines pinned against figures
 * derived by hand here from the workload and the published unit prices in
 * src/sources/alternatives-prices.json, never from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { alternatives, CLOUDWATCH_RETENTION_DAYS, type AlternativesOptions } from '../src/model/alternatives.js';
import type { Alternative } from '../src/model/types.js';
import { workload } from '../src/model/workload.js';
import type { Scenario } from '../src/model/types.js';
import { run } from '../src/cli.js';
import { alternativesLookup } from '../src/sources/alternatives.js';
import { snapshotBook } from '../src/sources/snapshot.js';
import { ALTERNATIVE_DEFAULTS } from '../src/scenario/normalise.js';
import { BASE, scenarioFile, scenarioOf } from './helpers.js';

const GiB = 2 ** 30;
const HOURS = 730;
const DAYS = HOURS / 24;

function priced(s: Scenario, quotes: Record<string, string> = {}, o: Partial<AlternativesOptions> = {}) {
  const opts: AlternativesOptions = {
    include: ['cloudwatch-standard', 'cloudwatch-ia', 'opensearch-serverless', 'opensearch-managed', 'grafana-cloud', 'datadog'],
    compressionRatio: s.storage.compressionRatio,
    eventBytes: ALTERNATIVE_DEFAULTS.eventBytes,
    ocuIndexingBytesPerSecond: ALTERNATIVE_DEFAULTS.ocuIndexingBytesPerSecond,
    hotDays: ALTERNATIVE_DEFAULTS.hotDays,
    ...o,
  };
  return alternatives(s, workload(s), alternativesLookup(s.region, snapshotBook(s.region), quotes), opts);
}

const byId = (xs: Alternative[], id: string) => {
  const a = xs.find((x) => x.id === id);
  if (!a) throw new Error(`no ${id}`);
  return a;
};
const line = (a: Alternative, suffix: string) => {
  const l = a.lines.find((x) => x.id.endsWith(`.${suffix}`));
  if (!l) throw new Error(`${a.id} has no ${suffix} line`);
  return l;
};

/** The CLI in-process, its output collected. */
async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (x) => void (stdout += x), stderr: (x) => void (stderr += x), env: {} });
  return { code, stdout, stderr };
}

describe('alternatives on the reference design (ghost-protocol: 50,000 lines/s x 250 B, 30 days, 2 TB/day queried)', () => {
  const s = scenarioFile('scenarios/ghost-protocol.yaml');
  const r = priced(s);
  const rawMonth = 50_000 * 250 * 86_400 * DAYS; // bytes a month
  const eventsMonth = 50_000 * 86_400 * DAYS;
  const scannedMonth = 2e12 * DAYS;

  it('prices every alternative and leaves none unpriced in us-east-1', () => {
    expect(r.unpriced).toEqual([]);
    expect(r.priced.map((a) => a.id)).toEqual(['cloudwatch-standard', 'cloudwatch-ia', 'opensearch-serverless', 'opensearch-managed', 'grafana-cloud', 'datadog']);
  });

  it('CloudWatch Logs Standard: ingest with 26 B per event, storage compressed 5:1 for 30 days, Insights per GB scanned', () => {
    const a = byId(r.priced, 'cloudwatch-standard');
    const ingestGb = (rawMonth + 26 * eventsMonth) / GiB;
    expect(line(a, 'ingest').quantity).toBeCloseTo(ingestGb, 6);
    expect(line(a, 'ingest').monthlyCost).toBeCloseTo(ingestGb * 0.5, 6);
    const storedGbMonths = ((50_000 * 250 * 86_400 + (26 * eventsMonth) / DAYS) * 30) / 5 / GiB;
    expect(line(a, 'storage').quantity).toBeCloseTo(storedGbMonths, 6);
    expect(line(a, 'insights').monthlyCost).toBeCloseTo((scannedMonth / GiB) * 0.005, 6);
    expect(a.monthly).toBeCloseTo(ingestGb * 0.5 + storedGbMonths * 0.03 + (scannedMonth / GiB) * 0.005, 6);
    expect(a.dominant.assumption).toBe('ingest-volume');
    expect(a.dominant.share).toBeGreaterThan(0.9);
  });

  it('CloudWatch Logs Infrequent Access: half the ingestion price, and says what the class cannot do', () => {
    const std = byId(r.priced, 'cloudwatch-standard');
    const ia = byId(r.priced, 'cloudwatch-ia');
    expect(line(ia, 'ingest').monthlyCost).toBeCloseTo(line(std, 'ingest').monthlyCost / 2, 6);
    expect(ia.leavesOut.join(' ')).toMatch(/Live Tail, metric filters and subscription filters/);
    expect(std.leavesOut.join(' ')).not.toMatch(/Live Tail/);
  });

  it('OpenSearch Serverless: OCUs with redundancy from throughput and hot data, storage with 10% index overhead', () => {
    const a = byId(r.priced, 'opensearch-serverless');
    const avg = 50_000 * 250; // bytes/s
    const indexing = Math.ceil(avg / (2 * 2 ** 20)) * 2; // 12.5 MB/s / 2 MiB/s -> 6 -> x2 redundancy
    expect(indexing).toBe(12);
    expect(line(a, 'indexing').quantity).toBe(indexing * HOURS);
    const hotGiB = (avg * 86_400 * 1.1) / GiB; // one day hot
    const search = Math.ceil(hotGiB / 120) * 2;
    expect(search).toBe(20);
    expect(line(a, 'search').quantity).toBe(search * HOURS);
    expect(line(a, 'storage').quantity).toBeCloseTo((avg * 86_400 * 1.1 * 30) / GiB, 6);
    expect(a.monthly).toBeCloseTo(12 * 730 * 0.24 + 20 * 730 * 0.24 + ((avg * 86_400 * 1.1 * 30) / GiB) * 0.024, 6);
    // the estimate that carries the bill is named
    expect(['ocu-throughput', 'hot-window']).toContain(a.dominant.assumption);
  });

  it('OpenSearch managed domain: AWS storage formula, storage-bound r6g.2xlarge.search nodes in multiples of 3, 3 masters', () => {
    const a = byId(r.priced, 'opensearch-managed');
    const storageGiB = ((50_000 * 250 * 86_400 * 30) / GiB) * 2 * (1.1 / 0.95 / 0.8);
    const nodes = Math.ceil(Math.ceil(storageGiB / 3072) / 3) * 3;
    expect(line(a, 'data-nodes').quantity).toBe(nodes * HOURS);
    expect(line(a, 'master-nodes').quantity).toBe(3 * HOURS);
    expect(line(a, 'ebs').quantity).toBe(nodes * Math.ceil(storageGiB / nodes));
    expect(nodes % 3).toBe(0);
  });

  it('Grafana Cloud Logs: $0.05 processed + $0.40 written after 50 GB; 30 days included', () => {
    const a = byId(r.priced, 'grafana-cloud');
    const gb = rawMonth / 1e9;
    expect(line(a, 'process').monthlyCost).toBeCloseTo(gb * 0.05, 6);
    expect(line(a, 'write').monthlyCost).toBeCloseTo((gb - 50) * 0.4, 6);
    expect(a.lines.some((l) => l.id.endsWith('.retain'))).toBe(false);
  });

  it('Datadog: $0.10/GB ingested plus every event indexed at the 30-day tier', () => {
    const a = byId(r.priced, 'datadog');
    expect(line(a, 'ingest').monthlyCost).toBeCloseTo((rawMonth / 1e9) * 0.1, 6);
    expect(line(a, 'index').quantity).toBeCloseTo(eventsMonth / 1e6, 6);
    expect(line(a, 'index').priceKey).toBe('datadog.logs.index.30d');
    expect(line(a, 'index').monthlyCost).toBeCloseTo((eventsMonth / 1e6) * 2.5, 4);
    expect(a.dominant.assumption).toBe('event-size');
  });

  it('every line names its price source and as-of date; no line is free', () => {
    for (const a of r.priced) {
      for (const l of a.lines) {
        expect(l.priceSource.length).toBeGreaterThan(10);
        expect(l.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(l.unitPrice).toBeGreaterThan(0);
        expect(l.monthlyCost).toBeCloseTo(l.quantity * l.unitPrice, 9);
      }
    }
  });
});

describe('alternatives: rules at their edges', () => {
  it('CloudWatch rounds retention up to its next setting and says so', () => {
    const s = scenarioOf({ ...BASE, retention: '45 days' });
    const a = byId(priced(s).priced, 'cloudwatch-standard');
    expect(CLOUDWATCH_RETENTION_DAYS).toContain(60);
    expect(line(a, 'storage').description).toMatch(/60 days kept/);
    expect(a.warnings.join(' ')).toMatch(/no 45-day retention setting; priced at the next one, 60 days/);
  });

  it('Grafana Cloud bills retention beyond 30 days per 30-day increment, and queries beyond 100x written', () => {
    const s = scenarioOf({ ...BASE, ingest: { volume: '100 GB/day' }, retention: '90 days', query: { scannedPerDay: '20 TB' } });
    const a = byId(priced(s).priced, 'grafana-cloud');
    const gb = (100e9 * DAYS) / 1e9; // the volume is decimal GB
    expect(line(a, 'retain').quantity).toBeCloseTo(gb * 2, 6);
    // 20 TB/day queried = 200x the written volume: billed as queried / 100
    const billable = (20e12 * DAYS) / 1e9 / 100;
    expect(line(a, 'write').quantity).toBeCloseTo(billable - 50, 6);
    expect(line(a, 'write').assumption).toBe('query-volume');
  });

  it('Datadog beyond 30 days is priced at the 30-day tier and flagged as a lower bound; event size defaults to 250 B', () => {
    const s = scenarioOf({ ...BASE, retention: '90 days' });
    const a = byId(priced(s).priced, 'datadog');
    expect(a.warnings.join(' ')).toMatch(/stops at 30-day retention.*lower bound/);
    expect(line(a, 'index').quantity).toBeCloseTo((1e12 * DAYS) / 250 / 1e6, 6);
    expect(a.assumptions.find((x) => x.id === 'event-size')!.text).toMatch(/assumed/);
  });

  it('OpenSearch Serverless never goes below its minimum (0.5 OCU x 2 for each of indexing and search)', () => {
    const s = scenarioOf({ ...BASE, ingest: { volume: '1 GB/day' } });
    const a = byId(priced(s).priced, 'opensearch-serverless');
    expect(line(a, 'indexing').quantity).toBe(1 * HOURS);
    expect(line(a, 'search').quantity).toBe(1 * HOURS);
  });

  it("a user's quote replaces the list price and the line says so", () => {
    const s = scenarioOf({ ...BASE });
    const a = byId(priced(s, { 'datadog.logs.index.30d': '1.00' }).priced, 'datadog');
    expect(line(a, 'index').unitPriceUsd).toBe('1.00');
    expect(line(a, 'index').priceSource).toMatch(/quote/);
  });

  it('a region the snapshot has no price for is reported unpriced with the way forward, never zero', () => {
    const s = scenarioOf({ ...BASE, region: 'eu-west-1' });
    const r = priced(s);
    const oss = r.unpriced.find((u) => u.id === 'opensearch-serverless');
    expect(oss?.unpriced).toMatch(/opensearch\.serverless\.indexing-ocu.*eu-west-1.*no Price List rule.*alternatives\.quotes/);
    const managed = r.unpriced.find((u) => u.id === 'opensearch-managed');
    expect(managed?.unpriced).toMatch(/opensearch\.instance\.r6g\.2xlarge\.search.*eu-west-1.*--prices live/);
    // SaaS list prices do not depend on the AWS region
    expect(r.priced.map((a) => a.id)).toEqual(expect.arrayContaining(['grafana-cloud', 'datadog']));
  });
});

describe('CloudWatch Logs in every snapshot region', () => {
  // CloudWatch Logs list prices per region (DuckbillGroup/CloudWatchCashBack cloudwatch_pricing.json, as of 2025-04-30)
  it.each([
    ['us-west-2', '0.50', '0.25', '0.03', '0.005'],
    ['eu-west-1', '0.57', '0.285', '0.03', '0.0057'],
    ['eu-central-1', '0.63', '0.315', '0.0324', '0.0063'],
  ])('%s: both classes priced at the regional rates', (region, ingest, ia, storage, insights) => {
    const r = priced(scenarioOf({ ...BASE, region }));
    const std = byId(r.priced, 'cloudwatch-standard');
    const inf = byId(r.priced, 'cloudwatch-ia');
    expect([line(std, 'ingest').unitPriceUsd, line(inf, 'ingest').unitPriceUsd]).toEqual([ingest, ia]);
    expect([line(std, 'storage').unitPriceUsd, line(inf, 'storage').unitPriceUsd]).toEqual([storage, storage]);
    expect([line(std, 'insights').unitPriceUsd, line(inf, 'insights').unitPriceUsd]).toEqual([insights, insights]);
    expect(line(std, 'ingest').monthlyCost).toBeCloseTo(line(std, 'ingest').quantity * Number(ingest), 9);
    expect(line(std, 'ingest').priceSource).toMatch(new RegExp(`${region}.*DuckbillGroup/CloudWatchCashBack`));
    expect(line(std, 'ingest').priceAsOf).toBe('2025-04-30');
  });
});

describe('plan --alternatives through the CLI', () => {
  it('table, JSON, Markdown and HTML all carry the alternatives, with the same cents', async () => {
    const f = 'scenarios/ghost-protocol.yaml';
    const t = await cli(['plan', f, '--alternatives']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Same workload elsewhere/);
    for (const name of ['CloudWatch Logs \\(Standard\\)', 'CloudWatch Logs \\(Infrequent Access\\)', 'OpenSearch Serverless', 'Grafana Cloud Logs', 'Datadog']) {
      expect(t.stdout).toMatch(new RegExp(name));
    }
    const j = await cli(['plan', f, '--alternatives', '--format', 'json']);
    const doc = JSON.parse(j.stdout).plans[0] as { alternatives: { priced: { id: string; monthlyCents: number; lines: { monthlyCents: number }[] }[] } };
    for (const a of doc.alternatives.priced) expect(a.monthlyCents).toBe(a.lines.reduce((x, l) => x + l.monthlyCents, 0));
    const gc = doc.alternatives.priced.find((a) => a.id === 'grafana-cloud')!;
    const dollars = `$${(gc.monthlyCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(t.stdout).toContain(dollars);
    const md = await cli(['plan', f, '--alternatives', '--format', 'md']);
    expect(md.stdout).toMatch(/## Same workload elsewhere/);
    expect(md.stdout).toContain(dollars);
    const html = await cli(['plan', f, '--alternatives', '--format', 'html']);
    expect(html.stdout).toMatch(/id="chart-alternatives"/);
    expect(html.stdout).toContain(dollars);
  });

  it('a plan that does not hold: the alternatives are set against the Loki plan that holds, and the plan as written is labelled; the chart is a log scale', async () => {
    const f = 'scenarios/ghost-protocol-as-designed.yaml';
    const j = JSON.parse((await cli(['plan', f, '--alternatives', '--format', 'json'])).stdout).plans[0] as {
      meetsTarget: boolean;
      holding: { withinMode: { monthly: number; mode: string } | null; cheapestMode: { monthly: number; mode: string } | null };
      alternatives: { priced: { name: string; monthlyCents: number }[] };
      totals: { rounded: { total: number } | number } & Record<string, unknown>;
    };
    expect(j.holding).toBeTruthy();
    const options = [j.holding.withinMode, j.holding.cheapestMode].filter((o) => o !== null);
    const hold = options.reduce((a, b) => (b!.monthly < a!.monthly ? b : a))!;
    const holdCents = Math.round(hold.monthly * 100);
    const money = (c: number) => `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const md = (await cli(['plan', f, '--alternatives', '--format', 'md'])).stdout;
    const section = md.slice(md.indexOf('## Same workload elsewhere'));
    expect(section.toLowerCase()).toContain(`the cheapest loki plan that holds (${hold.mode}): ${money(holdCents)}/month; as written (does not hold)`);
    const cheapest = [...j.alternatives.priced].sort((a, b) => a.monthlyCents - b.monthlyCents)[0]!;
    const d = cheapest.monthlyCents - holdCents;
    expect(section).toContain(`${money(Math.abs(d))} ${d > 0 ? 'more' : 'less'} than the Loki plan that holds`);
    // the chart: the holding plan first, the plan as written labelled, a logarithmic value axis
    const html = (await cli(['plan', f, '--alternatives', '--format', 'html'])).stdout;
    const specs = JSON.parse(/<script type="application\/json" id="lokiplan-charts">([\s\S]*?)<\/script>/.exec(html)![1]!) as { id: string; config: { data: { labels: string[] }; options: { indexAxis?: string; scales: Record<string, { type?: string }> } } }[];
    const alt = specs.find((c) => c.id === 'alternatives')!.config;
    expect(alt.data.labels[0]).toBe(`self-hosted Loki, the plan that holds (${hold.mode}): ${money(holdCents)}`);
    expect(alt.data.labels[1]).toMatch(/^self-hosted Loki as written \(does not hold\): \$/);
    expect(alt.options.indexAxis).toBe('y');
    expect(alt.options.scales['x']!.type).toBe('logarithmic');
  });

  it('without --alternatives (and no alternatives: block) the plan has none', async () => {
    const j = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--format', 'json']);
    expect(JSON.parse(j.stdout).plans[0].alternatives).toBeUndefined();
  });

  it('an unknown alternative in a scenario is one line naming the field', async () => {
    const s = () => scenarioOf({ ...BASE, alternatives: { include: ['splunk'] } });
    expect(s).toThrow(/alternatives\.include/);
  });
});

describe('growth --against alt:<id> and compare --alternatives', () => {
  it('finds the volume where self-hosting becomes cheaper than Grafana Cloud, and the two cross there', async () => {
    const r = await cli(['growth', 'scenarios/ghost-protocol.yaml', '--against', 'alt:grafana-cloud', '--months', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { volume: { other: string; breakEven: { bytesPerDay: number; cheaperAbove: string; scenario: number; other: number }[] } };
    expect(j.volume.other).toBe('Grafana Cloud Logs');
    const c = j.volume.breakEven.find((x) => x.cheaperAbove === 'scenario');
    expect(c).toBeDefined();
    // at the crossing the two bills are within the bisection's tolerance of each other
    expect(Math.abs(c!.scenario - c!.other) / c!.other).toBeLessThan(0.01);
    // hand check of the Grafana side there: $0.05 + $0.40 per decimal GB (after 50 GB free) a month
    const gb = (c!.bytesPerDay * (730 / 24)) / 1e9;
    expect(c!.other).toBeCloseTo(gb * 0.05 + (gb - 50) * 0.4, 0);
  });

  it('an unknown alternative is one line listing the known ones', async () => {
    const r = await cli(['growth', 'scenarios/ghost-protocol.yaml', '--against', 'alt:splunk']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alt:splunk: unknown alternative; one of alt:cloudwatch-standard/);
  });

  it('compare --alternatives adds a column per alternative with its monthly total', async () => {
    const r = await cli(['compare', 'scenarios/ghost-protocol.yaml', 'scenarios/monolithic.yaml', '--alternatives', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { scenarios: { file: string; values: Record<string, number | null> }[] };
    expect(j.scenarios.map((s) => s.file)).toEqual(expect.arrayContaining(['alt:cloudwatch-standard', 'alt:datadog']));
    for (const s of j.scenarios) expect(s.values['cost.total']).toBeGreaterThan(0);
    const plan = await cli(['plan', 'scenarios/ghost-protocol.yaml', '--alternatives', '--format', 'json']);
    const dd = (JSON.parse(plan.stdout).plans[0] as { alternatives: { priced: { id: string; monthlyCents: number }[] } }).alternatives.priced.find((a) => a.id === 'datadog')!;
    expect(j.scenarios.find((s) => s.file === 'alt:datadog')!.values['cost.total']).toBe(dd.monthlyCents / 100);
  });
});

describe('uncertainty --alternatives', () => {
  it('prices every sample elsewhere too; CloudWatch storage follows the sampled compression', async () => {
    let stdout = '';
    const code = await run(['uncertainty', 'test/fixtures/alternatives-uncertain.yaml', '--alternatives', '--samples', '300', '--format', 'json', '--input', 'storage.compressionRatio=2..20'], {
      stdout: (x) => void (stdout += x),
      stderr: () => {},
      env: {},
    });
    expect(code).toBe(0);
    const j = JSON.parse(stdout) as { alternatives: { name: string; p10: number; p90: number; lokiCheaperShare: number }[] };
    const cw = j.alternatives.find((a) => a.name.includes('CloudWatch Logs (Standard)'))!;
    // only compression varies: CloudWatch's spread is its storage line, 30 days of ~1,006 GiB/day at $0.03 over 2..20:1
    const storageAt = (ratio: number) => ((50_000 * (250 + 26) * 86_400 * 30) / ratio / 2 ** 30) * 0.03;
    expect(cw.p90 - cw.p10).toBeGreaterThan(0);
    expect(cw.p90 - cw.p10).toBeLessThan(storageAt(2) - storageAt(20));
    for (const a of j.alternatives) expect(a.lokiCheaperShare).toBeGreaterThanOrEqual(0);
  });
});

describe('sensitivity --alternatives', () => {
  it('moves the same inputs for every alternative, one row per input', async () => {
    let stdout = '';
    const code = await run(['sensitivity', 'scenarios/ghost-protocol.yaml', '--alternatives', '--format', 'json'], { stdout: (x) => void (stdout += x), stderr: () => {}, env: {} });
    expect(code).toBe(0);
    const j = JSON.parse(stdout) as { inputs: { input: string }[]; alternatives: { name: string; base: number; inputs: { input: string; costAtLow: number; costAtHigh: number }[] }[]; flips: string[] };
    expect(j.alternatives.length).toBe(6);
    for (const a of j.alternatives) expect(a.inputs.map((x) => x.input)).toEqual(j.inputs.map((x) => x.input));
    // CloudWatch storage is compressed bytes: a higher compression ratio lowers it
    const cw = j.alternatives.find((a) => a.name.includes('(Standard)'))!.inputs.find((x) => x.input === 'storage.compressionRatio')!;
    expect(cw.costAtHigh).toBeLessThan(cw.costAtLow);
    expect(Array.isArray(j.flips)).toBe(true);
  });

  it('names the input end where an alternative and Loki change places', async () => {
    const { alternativeFlips } = await import('../src/report/sensitivity.js');
    const r = {
      scenario: 's',
      baseCents: 100_00,
      baseMeetsTarget: true,
      rows: [{ name: 'ingest.volume', description: '', lowLabel: '10 GB/day', highLabel: '1 TB/day', lowCents: 50_00, highCents: 300_00, swingCents: 250_00, lowMeetsTarget: true, highMeetsTarget: true, source: 'user' as const }],
      alternatives: [{ name: 'X', baseCents: 200_00, rows: [{ name: 'ingest.volume', lowCents: 20_00, highCents: 900_00 }] }],
    };
    expect(alternativeFlips(r)).toEqual(['ingest.volume = 10 GB/day: X becomes the cheaper ($50.00 Loki vs $20.00)']);
  });
});

describe('plan --alternatives --out', () => {
  it('writes the alternatives chart and one summary row per alternative with the same cents as JSON', async () => {
    const { mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'lokiplan-alt-'));
    let stdout = '';
    const code = await run(['plan', 'scenarios/ghost-protocol.yaml', '--alternatives', '--out', dir], { stdout: (x) => void (stdout += x), stderr: () => {}, env: {} });
    expect(code).toBe(0);
    const sub = join(dir, readdirSync(dir)[0]!);
    expect(readdirSync(sub)).toContain('alternatives.png');
    const summary = readFileSync(join(sub, 'costs-summary.csv'), 'utf8');
    const plan = (JSON.parse(readFileSync(join(sub, 'plan.json'), 'utf8')) as { plans: { alternatives: { priced: { id: string; monthlyCents: number }[] } }[] }).plans[0]!;
    for (const a of plan.alternatives.priced) {
      const row = summary.split('\n').find((l) => l.includes(`alternative:${a.id},`));
      expect(row, a.id).toBeDefined();
      expect(row).toContain(`,${(a.monthlyCents / 100).toFixed(2)},`);
    }
  });
});
