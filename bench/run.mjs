// npm run bench: start-up and model throughput, checked against the targets in the issues.
// Speed targets live here, never in unit tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const lib = await import(resolve(root, 'dist/lib.js'));
const results = [];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function wall(args, runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

// 1. cold plan vs bare node
const bare = wall(['-e', '0']);
const cold = wall(['dist/lokiplan.js', 'plan', 'scenarios/ghost-protocol.yaml']);
results.push({ name: 'cold `lokiplan plan scenarios/ghost-protocol.yaml` (median of 15)', value: `${cold.toFixed(0)} ms`, detail: `bare node -e 0: ${bare.toFixed(0)} ms; ratio ${(cold / bare).toFixed(2)}x`, ok: cold <= 5 * bare, target: '<= 5x bare node' });

// 2. pure model evaluations per second
const read = (p) => readFileSync(p, 'utf8');
for (const f of ['scenarios/ghost-protocol.yaml', 'scenarios/seed-arithmetic.yaml']) {
  const s = lib.loadScenario(resolve(root, f), read);
  const books = lib.snapshotBook;
  const cache = new Map();
  const book = (r) => cache.get(r) ?? (cache.set(r, books(r)), cache.get(r));
  for (let i = 0; i < 2000; i++) lib.plan(s, book); // warm up
  const n = 50000;
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += lib.plan(s, book).totals.monthly;
  const secs = (performance.now() - t0) / 1000;
  const rate = n / secs;
  results.push({ name: `plan() evaluations/s, ${f} (with baseline)`, value: `${Math.round(rate).toLocaleString('en-US')}/s`, detail: `checksum ${sink.toFixed(2)}`, ok: rate >= 100000, target: '>= 100,000/s' });
}

// 3. AWS requests per region refresh (real SDK clients against the local fake AWS on 127.0.0.1)
{
  const { spawn } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { tsImport } = await import('tsx/esm/api');
  const { FakeAws } = await tsImport('../test/fake-aws.ts', import.meta.url);
  const aws = await new FakeAws().start();
  const run = (args) =>
    new Promise((ok, bad) => {
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
      const home = mkdtempSync(resolve(tmpdir(), 'lokiplan-bench-'));
      const c = spawn(process.execPath, ['dist/lokiplan.js', ...args], {
        cwd: root,
        env: { ...env, ...aws.env(), HOME: home, XDG_CACHE_HOME: home, AWS_CONFIG_FILE: resolve(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: resolve(home, 'none') },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      c.stderr.on('data', (d) => (err += d));
      c.on('close', (code) => (code === 0 ? ok(err) : bad(new Error(`${args.join(' ')} exited ${code}: ${err}`))));
    });
  try {
    for (const [label, extra] of [
      ['scenario instance types (ghost-protocol)', ['--scenario', 'scenarios/ghost-protocol.yaml']],
      ['all 14 instance types the model knows', []],
    ]) {
      aws.requests.length = 0;
      await run(['prices', 'refresh', '--region', 'us-east-1', ...extra]);
      const n = aws.requests.length;
      const by = {};
      for (const r of aws.requests) by[r.op] = (by[r.op] ?? 0) + 1;
      results.push({ name: `AWS requests per region refresh, ${label}, incl. all storage, transfer, EKS, NLB, Fargate and spot`, value: `${n}`, detail: Object.entries(by).map(([k, v]) => `${k} ${v}`).join(', '), ok: n <= 12, target: '<= 12' });
    }
  } finally {
    await aws.stop();
  }
}
// 3. what-if: a 100,000-point sweep end to end (CSV written) and 10,000 Monte Carlo samples, with
// peak memory (bench/peak.mjs runs the CLI bundle in-process and reports its max RSS)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
function timed(args, runs = 3) {
  const times = [];
  let rss = 0;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bench/peak.mjs', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    rss = Math.max(rss, Number(/LOKIPLAN_PEAK_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0));
    stdout = r.stdout;
  }
  return { ms: median(times), rssMiB: rss / 1024, stdout };
}
const dir = mkdtempSync(resolve(tmpdir(), 'lokiplan-bench-'));
const csv = resolve(dir, 'sweep.csv');
const sweep = timed(['sweep', 'scenarios/ghost-protocol.yaml', '--vary', 'retention=1..250:1', '--vary', 'compressionRatio=2..9.98:0.02', '--out', csv]);
const rows = readFileSync(csv, 'utf8').split('\n').length - 2;
results.push({ name: 'sweep of 100,000 grid points end to end, CSV written (median of 3)', value: `${sweep.ms.toFixed(0)} ms`, detail: `${rows.toLocaleString('en-US')} rows, ${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB CSV; peak RSS ${sweep.rssMiB.toFixed(0)} MiB`, ok: sweep.ms < 3000 && rows === 100000, target: '< 3 s' });
const mc = timed(['uncertainty', 'scenarios/ghost-protocol.yaml', '--samples', '10000', '--seed', '1', '-f', 'json']);
results.push({ name: 'Monte Carlo, 10,000 samples end to end (median of 3)', value: `${mc.ms.toFixed(0)} ms`, detail: `P50 $${JSON.parse(mc.stdout).monthly.p50}; peak RSS ${mc.rssMiB.toFixed(0)} MiB`, ok: mc.ms < 1000, target: '< 1 s' });
rmSync(dir, { recursive: true, force: true });

for (const r of results) console.log(`${r.ok ? 'ok  ' : 'MISS'} ${r.name}: ${r.value} (target ${r.target}) ${r.detail}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
