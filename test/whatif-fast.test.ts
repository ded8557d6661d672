// Every fast field mapping must build the same scenario as loading the whole document with the value set.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/scenario/load.js';
import { buildGrid, forEachPoint } from '../src/whatif/grid.js';
import { withValues } from '../src/whatif/fields.js';
import { ROOT, read } from './helpers.js';

const CASES: [string, string[]][] = [
  ['scenarios/ghost-protocol.yaml', ['retention=7,30', 'spot.read=0%,50%', 'storage.compressionRatio=4,9']],
  ['scenarios/ghost-protocol.yaml', ['ingest.volume=500 GB/day,2 TB/day', 'ingest.peakFactor=1,2', 'query.scannedPerDay=1 TB,5 TB']],
  ['scenarios/ghost-protocol.yaml', ['ingest.rate=20000,80000', 'storage.lifecycle[1].after=45,60', 'storage.storedCopies=1,3']],
  ['scenarios/ghost-protocol.yaml', ['ingest.avgLineSize=100,400', 'deployment.zones=2,3', 'deployment.failureTolerance=0,2']],
  ['scenarios/ghost-protocol.yaml', ['storage.chunkSize=1 MB,4 MB', 'platform.eksClusterShare=0%,100%', 'compute.instanceTypes=[m7i.xlarge],[m7i.2xlarge]', 'hoursPerMonth=720,744']],
  ['scenarios/ghost-protocol.yaml', ['targets.write.replicas=3,9', 'compute.pricing=nodes,per-vcpu', 'storage.billingGigabyte=GB,GiB']],
  ['scenarios/ghost-protocol.yaml', ['network.grpcCompression=none,gzip', 'network.sameZoneRouting=false,true', 'network.s3=gateway-endpoint,nat-gateway', 'ingest.streams=2000,200000']],
  ['scenarios/ghost-protocol.yaml', ['query.ingesterShare=10%,50%', 'query.selectivity=5%,20%', 'audit.cloudTrailDataEvents=false,true', 'audit.encryption=sse-s3,sse-kms']],
  // a role's share in a mode where it reaches several targets, beside a target's own share
  ['scenarios/ghost-protocol-microservices.yaml', ['spot.read=0%,50%', 'retention=7,30', 'ingest.volume=1 TB/day,3 TB/day']],
  ['scenarios/ghost-protocol-microservices.yaml', ['compute.spot.querier=0%,50%', 'deployment.zones=2,3']],
  ['scenarios/seed-arithmetic.yaml', ['prices.overrides.compute.vcpu-hour=0.04,0.06', 'query.peakFactor=1,3', 'compute.nodeRootVolume=10 GiB,40 GiB']],
];

describe('fast mappings equal full normalisation', () => {
  it.each(CASES)('%s %j', (file, specs) => {
    const path = resolve(ROOT, file);
    const doc = loadDocument(path, read);
    const g = buildGrid(doc, path, read, specs.map((s) => s));
    expect(g.fast).toBe(true);
    let n = 0;
    forEachPoint(g, (idx, s) => {
      const sets = g.axes.map((a, i) => ({ segs: a.segs, path: a.path, value: a.values[idx[i]!]!.value, label: a.values[idx[i]!]!.label }));
      const full = withValues(doc, path, read, sets, 'test');
      expect(JSON.parse(JSON.stringify(s))).toEqual(JSON.parse(JSON.stringify(full)));
      n++;
    });
    expect(n).toBe(g.points);
  });
  it('never takes the fast path under mode: auto (the values may choose another mode)', () => {
    const path = resolve(ROOT, 'scenarios/ghost-protocol-auto.yaml');
    const g = buildGrid(loadDocument(path, read), path, read, ['retention=7,30']);
    expect(g.fast).toBe(false);
  });
  it('falls back to full normalisation when two axes decide the same field', () => {
    const path = resolve(ROOT, 'scenarios/ghost-protocol.yaml');
    const g = buildGrid(loadDocument(path, read), path, read, ['ingest.rate=20000,40000', 'ingest.avgLineSize=100,200']);
    expect(g.fast).toBe(false);
    const seen: number[] = [];
    forEachPoint(g, (_i, s) => seen.push(s.ingest.bytesPerSecond));
    expect(seen).toEqual([20000 * 100, 20000 * 200, 40000 * 100, 40000 * 200]);
  });
  it('falls back for fields without a fast mapping (deployment.replicationFactor)', () => {
    const path = resolve(ROOT, 'scenarios/ghost-protocol.yaml');
    const g = buildGrid(loadDocument(path, read), path, read, ['deployment.replicationFactor=2,3', 'retention=7,30']);
    expect(g.fast).toBe(false);
    const seen: string[] = [];
    forEachPoint(g, (_i, s) => seen.push(`${s.deployment.replicationFactor}/${s.retentionDays}`));
    expect(seen).toEqual(['2/7', '2/30', '3/7', '3/30']);
  });
  it('a value the scenario rejects names the flag and the field', () => {
    const path = resolve(ROOT, 'scenarios/ghost-protocol.yaml');
    expect(() => buildGrid(loadDocument(path, read), path, read, ['deployment.replicationFactor=0'])).toThrow(/--vary deployment.replicationFactor=0: .*deployment\.replicationFactor/);
  });
});
