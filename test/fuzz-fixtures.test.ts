/**
 * The fuzzer's regression fixtures (test/fixtures/fuzz: cases that once failed), each run
 * in-process and by spawning the bundle, judged by the same oracle as test/fuzz.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fuzzOne, loadFixtures } from './fuzz/oracle.js';

describe('regression fixtures (test/fixtures/fuzz)', () => {
  const fixtures = loadFixtures();
  it('there are fixtures to replay', () => expect(fixtures.length).toBeGreaterThan(10));
  it.each(fixtures.map((c) => [c.id, c] as const))('%s', async (_, c) => {
    const v = await fuzzOne(c, { spawn: true, timeoutMs: 20_000 });
    expect(v.problems).toEqual([]);
  });
});

