/**
 * Every table of every command fits an 80-column terminal (issue 27 item 4): each command that
 * prints to the terminal (calibrate aside: it needs a running Prometheus, test/calibrate-prometheus),
 * on every shipped scenario and on one named in CJK and emoji, at
 * COLUMNS=80. No line is wider than 80 display columns (string-width: a CJK character or an emoji
 * takes two), no figure of the one-line-per-row output (a pipe, the same as --wide) is lost, and
 * the tables the issue names keep their columns aligned.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { FakeAws } from './fake-aws.js';
import { ROOT } from './helpers.js';

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'lokiplan-terminal-'));
const CJK = join(dir, 'cjk.yaml');
// a failing design (check prints every case table) under a name of double-width characters and an emoji
writeFileSync(CJK, `extends: ${JSON.stringify(join(ROOT, 'scenarios/ghost-protocol-as-designed.yaml'))}\nname: "ゴースト・プロトコル設計案 🚀 東京リージョン想定"\n`);
const SHIPPED = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'scenarios', f));
const MONO = join(ROOT, 'scenarios/monolithic.yaml');

const WIDTH = 80;
const widest = (s: string) => Math.max(0, ...s.split('\n').map((l) => stringWidth(l)));
/** Every figure (a number, money, a percentage) standing on its own, with how often it appears. */
function figures(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of s.match(/(?<![\w.$])\$?\d[\d,]*(?:\.\d+)?%?(?![\w])/g) ?? []) m.set(f, (m.get(f) ?? 0) + 1);
  return m;
}

const commands = (f: string): [string, string[]][] => [
  ['plan', ['plan', f]],
  ['check', ['check', f]],
  ['compare', ['compare', f, MONO]],
  ['compare --alternatives', ['compare', f, MONO, '--alternatives']],
  // sweep's stdout is CSV (data, not a table); with --out FILE it prints its summary there
  ['sweep --out', ['sweep', f, '--vary', 'retention=7,30', '--out', join(dir, 'sweep.csv')]],
  ['sensitivity', ['sensitivity', f]],
  ['uncertainty', ['uncertainty', f, '--samples', '40', '--input', 'storage.compressionRatio=5..10']],
  ['growth', ['growth', f, '--months', '3']],
  ['prices show --scenario', ['prices', 'show', '--region', 'us-east-1', '--scenario', f]],
  ['helm-values', ['helm-values', f]],
  // a filesystem store has no bucket to create: terraform refuses monolithic (exit 2, tested in its own file)
  ...(f === MONO ? [] : ([['terraform --out', ['terraform', f, '--out', join(dir, 'tf')]]] as [string, string[]][])),
];

let aws: FakeAws;
let home: string;
beforeAll(async () => {
  aws = await new FakeAws().start();
  home = mkdtempSync(join(tmpdir(), 'lokiplan-terminal-home-'));
});
afterAll(async () => {
  await aws.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe(`every command at COLUMNS=${WIDTH}`, () => {
  it('fits, and loses no figure of its one-line-per-row output', async () => {
    const offline = [...SHIPPED, CJK].flatMap((f) => commands(f).map(([name, argv]) => ({ name: `${name} ${f.replace(/.*\//, '')}`, argv, env: {} as Record<string, string> })));
    const awsEnv = { ...aws.env(), HOME: home, XDG_CACHE_HOME: join(home, 'cache'), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') };
    const runs = [
      ...offline,
      { name: 'prices show', argv: ['prices', 'show', '--region', 'us-east-1'], env: {} },
      { name: 'actuals (fake Cost Explorer on 127.0.0.1)', argv: ['actuals', '--tag', 'app=loki', '--months', '2', '--no-cache'], env: awsEnv },
    ];
    const problems: string[] = [];
    for (const r of runs) {
      const wide = await cli(r.argv, r.env);
      const narrow = await cli(r.argv, { ...r.env, COLUMNS: String(WIDTH) });
      // check exits 1 when the design does not hold; nothing else may fail
      if (narrow.code !== wide.code || narrow.code > (['check', 'helm-values'].includes(r.argv[0]!) ? 1 : 0) || narrow.stdout === '') {
        problems.push(`${r.name}: exit ${narrow.code} (${wide.code} piped): ${narrow.stderr.trim()}`);
        continue;
      }
      const over = narrow.stdout.split('\n').filter((l) => stringWidth(l) > WIDTH);
      if (over.length) problems.push(`${r.name}: ${over.length} line(s) over ${WIDTH} columns, e.g. ${JSON.stringify(over[0])}`);
      const have = figures(narrow.stdout);
      const lost = [...figures(wide.stdout)].filter(([f, n]) => (have.get(f) ?? 0) < n).map(([f]) => f);
      if (lost.length) problems.push(`${r.name}: figures lost at ${WIDTH} columns: ${lost.slice(0, 8).join(', ')}`);
    }
    expect(problems).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(7 * 10 + 6 + 2);
  }, 120_000);
});

/** The display column where `word` starts in `line` (string-width of what comes before it). */
const columnOf = (line: string, word: string) => stringWidth(line.slice(0, line.indexOf(word)));

describe('the tables the issue names stay aligned at 80 columns', () => {
  it("check's per-tenant table: the status column lines up under its header", async () => {
    const r = await cli(['check', join(ROOT, 'scenarios/ghost-protocol-as-designed.yaml')], { COLUMNS: '80' });
    const section = r.stdout.slice(r.stdout.indexOf('Per-tenant limits'));
    const lines = section.split('\n');
    const head = lines[1]!;
    expect(head).toMatch(/^condition +left +demand +capacity +headroom +status$/);
    const rows = lines.filter((l) => /^(ingestion_rate_mb|per_stream_rate_limit|max_global_streams_per_user) /.test(l));
    expect(rows).toHaveLength(3);
    for (const l of rows) {
      const status = /(FAIL|ok|unchecked|degraded)$/.exec(l)![1]!;
      expect(columnOf(l, status), l).toBe(columnOf(head, 'status'));
      // right-aligned figures end where their header ends
      expect(stringWidth(l.slice(0, l.lastIndexOf(' ', l.length - status.length - 2)).trimEnd())).toBe(stringWidth(head.slice(0, head.indexOf('headroom') + 'headroom'.length)));
    }
    expect(rows[0]).toMatch(/ingestion_rate_mb +- +17\.9 MiB\/s +4 MiB\/s +-77\.6% +FAIL/);
  });

  it('compare --alternatives: every total sits under its column label', async () => {
    const r = await cli(['compare', join(ROOT, 'scenarios/ghost-protocol.yaml'), join(ROOT, 'scenarios/ghost-protocol-microservices.yaml'), '--alternatives'], { COLUMNS: '80' });
    const j = JSON.parse((await cli(['compare', join(ROOT, 'scenarios/ghost-protocol.yaml'), join(ROOT, 'scenarios/ghost-protocol-microservices.yaml'), '--alternatives', '-f', 'json'])).stdout);
    const blocks = r.stdout.split('Deltas against [1]')[0]!.split('\n\n').slice(1).filter((b) => b.trim() !== '');
    expect(blocks.length).toBeGreaterThan(1); // too wide for one: groups of columns, each with the row labels
    const seen: number[] = [];
    for (const b of blocks) {
      const [head, ...rows] = b.split('\n');
      const labels = [...head!.matchAll(/\[(\d+)\]/g)].map((m) => ({ n: Number(m[1]), end: stringWidth(head!.slice(0, m.index! + m[0].length)) }));
      const total = rows.find((l) => l.startsWith('total a month'))!;
      const amounts = [...total.matchAll(/\$[\d,]+\.\d\d/g)].map((m) => ({ text: m[0], end: stringWidth(total.slice(0, m.index! + m[0].length)) }));
      expect(amounts.map((a) => a.end), b).toEqual(labels.map((l) => l.end));
      labels.forEach((l, i) => {
        expect(amounts[i]!.text).toBe(`$${j.scenarios[l.n - 1].values['cost.total'].toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
        seen.push(l.n);
      });
    }
    expect(seen.sort((a, b) => a - b)).toEqual(j.scenarios.map((_: unknown, i: number) => i + 1));
  });

  it('compare: a CJK and emoji name is padded by display columns, so the columns line up', async () => {
    const r = await cli(['compare', CJK, MONO], { COLUMNS: '200' });
    const lines = r.stdout.split('\n');
    const head = lines.find((l) => l.includes('[1] ゴースト') && l.includes('[2] - [1]'))!;
    const total = lines.find((l) => l.startsWith('total a month'))!;
    // the first total ends where the CJK column's header ends
    const first = /\$[\d,]+\.\d\d/.exec(total)!;
    const label = /\[1\] \S[^[]*?(?= {2}|$)/u.exec(head)!;
    expect(stringWidth(total.slice(0, first.index + first[0].length))).toBe(stringWidth(head.slice(0, label.index + label[0].length)));
    expect(widest(r.stdout)).toBeLessThanOrEqual(200);
  });
});

describe('prices show --scenario lists what the plan buys', () => {
  it('the instance types the plan placed (family sizes the scenario does not list), marked as used, each at the price the plan paid', async () => {
    const f = join(ROOT, 'scenarios/ghost-protocol-microservices.yaml');
    const p = JSON.parse((await cli(['plan', f, '-f', 'json'])).stdout).plans[0];
    const lines = [...p.lines, ...p.omitted] as { priceKey: string; unitPriceUsd: string }[];
    const bought = (p.sizing.nodes as { instanceType: string; capacityType: string }[]).map((n) => n.instanceType);
    expect(bought).toContain('m7g.2xlarge'); // not in the scenario's instanceTypes: placement added the size
    const r = await cli(['prices', 'show', '--region', 'us-east-1', '--scenario', f, '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).prices as { key: string; usd: string; usedBy: string }[];
    for (const l of lines) {
      const row = rows.find((x) => x.key === l.priceKey);
      expect(row, l.priceKey).toBeDefined();
      expect(row!.usedBy).toMatch(/\bplan\b/);
      if (!/ to /.test(row!.usd)) expect(row!.usd).toBe(l.unitPriceUsd);
    }
    // a key no plan line prices is not marked
    const unused = rows.filter((x) => !lines.some((l) => l.priceKey === x.key) && !(p.baseline.lines as { priceKey: string }[]).some((l) => l.priceKey === x.key));
    expect(unused.length).toBeGreaterThan(0);
    for (const x of unused) expect(x.usedBy).toBe('');
    // and on an 80-column terminal the table says so, without the 400-column lines of the source
    const t = await cli(['prices', 'show', '--region', 'us-east-1', '--scenario', f], { COLUMNS: '80' });
    expect(widest(t.stdout)).toBeLessThanOrEqual(80);
    expect(t.stdout).toMatch(/^ec2\.ondemand\.m7g\.2xlarge +hour +0\.3264 +plan$/m);
  });
});
