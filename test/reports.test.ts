/**
 * The committed reports/ are what the code produces: `npm run reports` regenerated into a temporary
 * folder must match them file for file (text byte for byte; PNG charts pixel for pixel, allowing
 * for anti-aliasing differences between machines).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_FILES } from '../src/report/registry.js';
import { ROOT } from './helpers.js';

const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const files = (dir: string): string[] => walk(dir).map((f) => relative(dir, f)).sort();

async function pixelDiff(a: Buffer, b: Buffer): Promise<number> {
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const [ia, ib] = await Promise.all([loadImage(a), loadImage(b)]);
  if (ia.width !== ib.width || ia.height !== ib.height) return 1;
  const px = (img: typeof ia) => {
    const c = createCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(0, 0, img.width, img.height).data;
  };
  const [da, db] = [px(ia), px(ib)];
  let differ = 0;
  for (let i = 0; i < da.length; i += 4) {
    if (Math.abs(da[i]! - db[i]!) + Math.abs(da[i + 1]! - db[i + 1]!) + Math.abs(da[i + 2]! - db[i + 2]!) > 48) differ++;
  }
  return differ / (da.length / 4);
}

describe('committed reports', () => {
  let fresh: string;
  beforeAll(() => {
    fresh = join(mkdtempSync(join(tmpdir(), 'lokiplan-reports-')), 'reports');
    execFileSync(process.execPath, ['scripts/reports.mjs', fresh], { cwd: ROOT, stdio: 'pipe' });
  }, 120000);
  afterAll(() => rmSync(join(fresh, '..'), { recursive: true, force: true }));

  it('cover every shipped scenario with every format', () => {
    const got = files(fresh);
    const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
    for (const f of OUT_FILES) {
      expect(got.filter((g) => g.endsWith(`/${f}`))).toHaveLength(scenarios.length);
    }
  });

  it('match what the code produces (run `npm run reports` after a change)', async () => {
    const committed = join(ROOT, 'reports');
    expect(files(committed)).toEqual(files(fresh));
    for (const f of files(fresh)) {
      const a = readFileSync(join(committed, f));
      const b = readFileSync(join(fresh, f));
      if (f.endsWith('.png')) {
        if (!a.equals(b)) expect(await pixelDiff(a, b), `${f} differs`).toBeLessThan(0.002);
      } else if (f.endsWith('.xlsx')) {
        expect(a.equals(b), `${f} is stale: run npm run reports`).toBe(true);
      } else {
        expect(a.toString('utf8'), `${f} is stale: run npm run reports`).toBe(b.toString('utf8'));
      }
    }
  });
});
