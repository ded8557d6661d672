/**
 * `npm run fuzz [-- --seed N --runs M --workers W --spawn-every K --timeout MS --case I]`
 *
 * Runs M hostile cases (test/fuzz/cases.ts) against the CLI on W worker threads: each case runs
 * in-process through run(); every K-th also spawns dist/lokiplan.js and must behave identically.
 * A case that does not finish within the timeout is a hang. The seed is printed first, so any
 * failure replays with the same --seed (and --case I for one case). Failing cases are saved as
 * regression fixtures under test/fixtures/fuzz/ (kept and run by `npm test`).
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { generateCase } from '../test/fuzz/cases.js';
import { fuzzOne, saveFixture } from '../test/fuzz/oracle.js';

function args() {
  const a = process.argv.slice(2);
  const get = (name: string, dflt: number) => {
    const i = a.indexOf(`--${name}`);
    if (i < 0) return dflt;
    const v = Number(a[i + 1]);
    if (!Number.isSafeInteger(v) || v < 0) {
      console.error(`fuzz: --${name} needs a whole number, got ${JSON.stringify(a[i + 1])}`);
      process.exit(2);
    }
    return v;
  };
  return {
    seed: get('seed', randomInt(1, 2 ** 31)),
    runs: get('runs', 100_000),
    from: get('from', 0),
    workers: Math.max(1, get('workers', Math.max(1, availableParallelism() - 1))),
    spawnEvery: get('spawn-every', 100),
    timeout: get('timeout', 30_000),
    one: a.includes('--case') ? get('case', 0) : null,
    keep: !a.includes('--no-fixtures'),
  };
}

async function main() {
  const o = args();
  if (o.one !== null) {
    const c = generateCase(o.seed, o.one);
    const v = await fuzzOne(c, { spawn: true, timeoutMs: o.timeout });
    console.log(JSON.stringify({ id: c.id, kind: c.kind, note: c.note, argv: c.argv, expect: c.expect, ...v }, null, 2));
    process.exitCode = v.problems.length ? 1 : 0;
    return;
  }
  console.log(`lokiplan fuzz: seed ${o.seed}, cases ${o.from}..${o.from + o.runs - 1}, ${o.workers} workers, every ${o.spawnEvery}th case also spawned`);
  console.log(`replay: npm run fuzz -- --seed ${o.seed} --runs ${o.runs}${o.from ? ` --from ${o.from}` : ''}   (one case: --case I)`);

  const t0 = Date.now();
  let next = o.from;
  const end = o.from + o.runs;
  let done = 0;
  const codes: Record<string, number> = {};
  const kinds: Record<string, number> = {};
  const failures: { index: number; problems: string[]; fixture?: string }[] = [];

  const fail = (index: number, problems: string[]) => {
    let c: ReturnType<typeof generateCase>;
    try {
      c = generateCase(o.seed, index);
    } catch (e) {
      failures.push({ index, problems: [...problems, `the generator threw: ${(e as Error).message}`] });
      console.log(`FAIL case ${index}: the generator threw: ${(e as Error).message}`);
      return;
    }
    const harness = problems.some((p) => p.startsWith('worker crashed') || p.startsWith('the harness threw'));
    const fixture = o.keep && !harness && failures.length < 50 ? saveFixture(c, problems) : undefined;
    failures.push({ index, problems, fixture });
    if (failures.length > 50) return;
    console.log(`FAIL case ${index} (${c.kind}: ${c.note.slice(0, 160)})\n  ${problems.join('\n  ').slice(0, 1500)}${fixture ? `\n  saved ${fixture}` : ''}`);
  };

  const progress = setInterval(() => {
    const s = (Date.now() - t0) / 1000;
    console.log(`  ${done}/${o.runs} cases, ${Math.round(done / s)}/s, ${failures.length} failures, exits ${JSON.stringify(codes)}`);
  }, 10_000);

  await new Promise<void>((resolveAll) => {
    let live = 0;
    const start = () => {
      if (next >= end) return;
      live++;
      const w = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
        workerData: { seed: o.seed, spawnEvery: o.spawnEvery, timeout: o.timeout },
      });
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const give = () => {
        if (next >= end) {
          void w.terminate();
          return;
        }
        current = next++;
        const limit = (current % o.spawnEvery === 0 ? 2 : 1) * o.timeout + 5_000;
        timer = setTimeout(() => {
          fail(current, [`hang: no result within ${limit} ms`]);
          done++;
          current = -1;
          void w.terminate();
        }, limit);
        w.postMessage(current);
      };
      w.on('message', (r: { index: number; kind: string; code: number | null; problems: string[] }) => {
        clearTimeout(timer);
        done++;
        codes[String(r.code)] = (codes[String(r.code)] ?? 0) + 1;
        kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
        if (r.problems.length) fail(r.index, r.problems);
        current = -1;
        give();
      });
      w.on('error', (e) => {
        clearTimeout(timer);
        if (current >= 0) {
          fail(current, [`worker crashed: ${e.message}`]);
          done++;
          current = -1;
        }
      });
      w.on('exit', () => {
        clearTimeout(timer);
        live--;
        if (next < end) start(); // replace a worker lost to a hang or crash
        else if (live === 0) resolveAll();
      });
      w.once('online', give);
    };
    for (let i = 0; i < o.workers; i++) start();
  });
  clearInterval(progress);

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`\n${done} cases in ${secs} s (seed ${o.seed}); exits ${JSON.stringify(codes)}; kinds ${JSON.stringify(kinds)}`);
  console.log(failures.length ? `${failures.length} FAILURES (cases ${failures.slice(0, 50).map((f) => f.index).join(', ')}${failures.length > 50 ? ', ...' : ''})` : 'no failures');
  process.exitCode = failures.length ? 1 : 0;
}

await main();
