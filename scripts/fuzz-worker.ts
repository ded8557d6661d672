/** Fuzz worker thread: runs the cases the main thread hands it (see scripts/fuzz.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { generateCase } from '../test/fuzz/cases.js';
import { fuzzOne } from '../test/fuzz/oracle.js';

const { seed, spawnEvery, timeout } = workerData as { seed: number; spawnEvery: number; timeout: number };

parentPort!.on('message', async (index: number) => {
  const c = generateCase(seed, index);
  let r: { code: number | null; problems: string[] };
  try {
    r = await fuzzOne(c, { spawn: index % spawnEvery === 0, timeoutMs: timeout });
  } catch (e) {
    r = { code: null, problems: [`the harness threw: ${(e as Error).stack ?? String(e)}`] };
  }
  parentPort!.postMessage({ index, kind: c.kind, code: r.code, problems: r.problems });
});
