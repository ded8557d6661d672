/**
 * Issue 18 item 5: bounds at the edge. Byte limits count bytes; Loki's counts and rates are bounded
 * and whole where Loki wants integers; dates exist; a spot price above on-demand is warned with both.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INSTANCE_TYPES } from '../src/model/instances.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASE, cli, ROOT } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lokiplan-bounds-'));
const file = (body: string) => {
  const f = join(tmp(), 'scenario.yaml');
  writeFileSync(f, body);
  return f;
};
const scenario = (doc: Record<string, unknown>) => file(JSON.stringify({ ...BASE, ...doc }));

describe('byte limits count bytes', () => {
  it('a 1,051,653-byte multi-byte file (fewer than 1 MiB characters) is refused, not cut short', async () => {
    const head = `${JSON.stringify({ ...BASE }).slice(0, -1)}, "description": "`;
    const tail = '"}\nhoursPerMonth: 672\n';
    const pad = 'é'.repeat(Math.ceil((1_051_653 - head.length - tail.length) / 2));
    const f = file(head + pad + tail);
    expect(readFileSync(f).length).toBeGreaterThan(1 << 20);
    expect((head + pad + tail).length).toBeLessThan(1 << 20);
    const r = await cli(['plan', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than 1048576 bytes/);
  });
});

describe('Loki counts and rates are bounded and whole', () => {
  it.each([
    [{ ingest: { ...BASE.ingest, streams: 1e308 } }, /ingest\.streams: outside what this model covers/],
    [{ ingest: { ...BASE.ingest, tenants: 1.5 } }, /ingest\.tenants: /],
    [{ ingest: { ...BASE.ingest, tenants: 1e300 } }, /ingest\.tenants: /],
    [{ ingest: { ...BASE.ingest, tenants: 5e9 } }, /ingest\.tenants: outside/],
    [{ limits: { max_global_streams_per_user: 1e308 } }, /limits\.max_global_streams_per_user: /],
    [{ limits: { max_global_streams_per_user: 5e9 } }, /limits\.max_global_streams_per_user: outside/],
    [{ ingest: { ...BASE.ingest, streams: 5e9 } }, /ingest\.streams: outside/],
    [{ limits: { ingestion_rate_mb: 1e308 } }, /limits\.ingestion_rate_mb: outside/],
    [{ limits: { per_stream_rate_limit: '1e300 MB' } }, /limits\.per_stream_rate_limit/],
  ])('%j is refused with the field named', async (doc, msg) => {
    const r = await cli(['helm-values', scenario(doc)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe('');
  });
  it('within bounds, Helm gets whole stream limits and finite numbers', async () => {
    const r = await cli(['helm-values', scenario({ ingest: { ...BASE.ingest, streams: 123_457, tenants: 3 } })]);
    expect(r.code, r.stderr).toBe(0);
    const lim = (parse(r.stdout) as { loki: { limits_config: Record<string, unknown> } }).loki.limits_config;
    expect(Number.isInteger(lim['max_global_streams_per_user'])).toBe(true);
    expect(r.stdout).not.toMatch(/Infinity|NaN|e\+/);
  });
});

describe('dates that exist', () => {
  it.each(['9999-99-99', '2025-02-30', '2024-13-01', '1999-12-31', '2024-4-1'])('--schema-from %s is refused', async (d) => {
    const r = await cli(['helm-values', 'scenarios/ghost-protocol.yaml', '--schema-from', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--schema-from: must be a date that exists/);
  });
  it('--schema-from 2024-02-29 (a leap day) is written quoted', async () => {
    const r = await cli(['helm-values', 'scenarios/ghost-protocol.yaml', '--schema-from', '2024-02-29']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/from: "2024-02-29"/);
  });
});

describe('a spot price above on-demand', () => {
  it('is warned with both prices', async () => {
    const f = join(ROOT, 'scenarios/ghost-protocol.yaml');
    const types = [...DEFAULT_INSTANCE_TYPES]; // every type the scenario may place (the snapshot derives their spot estimates)
    const overrides = Object.fromEntries(types.map((t) => [`ec2.spot.${t}`, '9.99']));
    // instanceSizes: listed, so no other m7i/m7g size (with its own, sane spot estimate) is placed instead
    const s = file(`extends: ${JSON.stringify(f)}\ncompute:\n  instanceSizes: listed\nprices:\n  overrides: ${JSON.stringify(overrides)}\n`);
    const r = await cli(['plan', s, '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout).plans[0];
    const w = j.warnings.filter((x: { code: string }) => x.code === 'spot-above-on-demand');
    expect(w.length).toBeGreaterThan(0);
    expect(w[0].message).toMatch(/spot price \$9\.99\/h is above the on-demand price \$0\.\d+\/h/);
  });
  it('the shipped snapshot never has one', async () => {
    const r = await cli(['plan', 'scenarios/ghost-protocol.yaml', '-f', 'json']);
    expect(JSON.parse(r.stdout).plans[0].warnings.map((x: { code: string }) => x.code)).not.toContain('spot-above-on-demand');
  });
});
