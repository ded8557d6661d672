import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/model/plan.js';
import { DEFAULT_PROFILE } from '../src/model/profiles.js';
import { parseProfile } from '../src/scenario/profile.js';
import { snapshotBook } from '../src/sources/snapshot.js';
import { BASE, cli, ROOT, scenarioOf } from './helpers.js';

const MiB = 2 ** 20;
const CALIBRATED = `
schema: lokiplan-profile/1
id: acme-m7i
version: "2026-03"
extends: grafana-loki
description: write pods measured on m7i.xlarge
calibrate:
  write: { throughput: 6 MiB/s, atCpu: 1500m, atMemory: 6Gi, source: "load test 2026-03-02" }
  ingester: { throughput: 10 MiB/s, atCpu: 2, source: "load test 2026-03-02" }
`;

describe('sizing profiles as data', () => {
  it('the shipped profile file parses against the profile schema and is the embedded default', async () => {
    const text = readFileSync(resolve(ROOT, 'profiles/grafana-loki.json'), 'utf8');
    const p = parseProfile(text, 'profiles/grafana-loki.json');
    expect(p).toEqual(DEFAULT_PROFILE);
    for (const t of Object.values(p.targets)) expect(t.source.length).toBeGreaterThan(20);
  });
  it('a calibrated profile changes the sizing and the plan says which profile it used', async () => {
    const profile = parseProfile(CALIBRATED, 'acme.yaml');
    const s = scenarioOf({ ...BASE, deployment: { failureTolerance: 0 } });
    const def = plan(s, snapshotBook);
    const cal = plan(s, snapshotBook, profile);
    const w = (p: typeof def) => p.topology.targets.find((t) => t.name === 'write')!;
    // 1e12 B/day = 11.04 MiB/s: 4 pods at 3 MiB/s, 2 at the measured 6 MiB/s (HA minimum 3)
    expect(w(def).replicas).toBe(Math.ceil(1e12 / 86400 / (3 * MiB)));
    expect(w(cal).replicas).toBe(Math.max(3, Math.ceil(1e12 / 86400 / (6 * MiB))));
    expect(w(cal).requests).toEqual({ cpu: 1.5, memoryGiB: 6 });
    expect(cal.topology.profileId).toBe('acme-m7i@2026-03');
    expect(w(cal).reasons.some((r) => /calibrated: load test 2026-03-02/.test(r.text))).toBe(true);
  });
  it('a calibrated microservices component is sized by its measurement', async () => {
    const profile = parseProfile(CALIBRATED, 'acme.yaml');
    const s = scenarioOf({ ...BASE, ingest: { volume: '3 TB/day' }, deployment: { mode: 'microservices', failureTolerance: 0, zones: 1 } });
    const ing = plan(s, snapshotBook, profile).topology.targets.find((t) => t.name === 'ingester')!;
    expect(ing.replicas).toBe(Math.max(3, Math.ceil(3e12 / 86400 / (10 * MiB))));
    expect(ing.requests.cpu).toBe(2);
  });
  const bad: [string, string, RegExp][] = [
    ['unknown base', 'schema: lokiplan-profile/1\nid: x\nversion: 1\ndescription: d\nextends: nope\n', /extends: unknown built-in profile "nope"/],
    ['uncalibratable target', CALIBRATED.replace('ingester:', 'gateway:'), /calibrate\.gateway: cannot calibrate/],
    ['bad unit', CALIBRATED.replace('6 MiB/s', '6 parsecs'), /calibrate\.write\.throughput/],
    ['incomplete profile', 'schema: lokiplan-profile/1\nid: x\nversion: 1\ndescription: d\n', /targets/],
  ];
  it.each(bad)('rejects %s, naming the field', async (_, text, msg) => {
    expect(() => parseProfile(text, 'p.yaml')).toThrow(msg);
  });
  it('--profile on the command line', async () => {
    const d = mkdtempSync(join(tmpdir(), 'lokiplan-profile-'));
    const f = join(d, 'acme.yaml');
    writeFileSync(f, CALIBRATED);
    const r = (await cli(['plan', 'scenarios/ghost-protocol.yaml', '--profile', f, '--format', 'json']));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).plans[0].sizing.profile).toBe('acme-m7i@2026-03');
    const missing = (await cli(['check', 'scenarios/ghost-protocol.yaml', '--profile', join(d, 'none.yaml')]));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/profile file not found/);
  });
});
