/**
 * Hostile inputs against the CLI (see test/fuzz/cases.ts and test/fuzz/oracle.ts): every case ends
 * with exit 0 or 2 and one clear stderr line, never a stack trace, a hang or a half-written report.
 * `npm test` runs a bounded sample here and the regression fixtures in fuzz-fixtures.test.ts (two
 * files, so the two halves run in parallel);
 * `npm run fuzz` runs many more (FUZZ_SEED / FUZZ_RUNS change this sample).
 */
import { describe, expect, it } from 'vitest';
import { generateCase } from './fuzz/cases.js';
import { fuzzOne } from './fuzz/oracle.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261124);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const SPAWN_EVERY = 60;

describe(`generated hostile cases (seed ${SEED}, ${RUNS} cases; replay: npm run fuzz -- --seed ${SEED} --runs ${RUNS})`, () => {
  it('every case exits 0 or 2 with one clear line and a complete report or none', async () => {
    const failed: string[] = [];
    const kinds = new Set<string>();
    for (let i = 0; i < RUNS; i++) {
      const c = generateCase(SEED, i);
      kinds.add(c.kind);
      const v = await fuzzOne(c, { spawn: i % SPAWN_EVERY === 0, timeoutMs: 20_000 });
      if (v.problems.length) failed.push(`case ${i} (${c.kind}: ${c.note.slice(0, 120)}): ${v.problems.join('; ').slice(0, 400)}`);
    }
    expect(failed).toEqual([]);
    expect(kinds.size).toBeGreaterThanOrEqual(6); // the sample reaches most kinds of hostility
  }, 120_000);
});
