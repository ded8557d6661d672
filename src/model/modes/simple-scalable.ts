/** simple-scalable (SSD): write / read / backend targets behind a gateway. Deprecated by Grafana (removed in Loki 4.0). */
import { fmtNum } from '../format.js';
import { sizeTarget, SSD_ASSUMPTIONS } from '../sizing.js';
import { cachesOf, CACHES, CLUSTERED, GATEWAY, type ModeSpec } from './spec.js';

/** Grafana's current deployment-modes page: simple-scalable handles "close to a TB of logs per day". */
const SSD_DOCUMENTED_BYTES_PER_DAY = 1e12;

export const simpleScalable: ModeSpec = {
  mode: 'simple-scalable',
  summary: 'write / read / backend targets and a gateway (Grafana SSD calculator); deprecated, removed in Loki 4.0',
  source: 'Loki docs, deployment modes (simple scalable); grafana/loki Helm chart deploymentMode SimpleScalable',
  targets: [
    { name: 'write', roles: ['write'], carries: 'peak ingest', helm: { key: 'write', componentLabel: 'write', persistence: 'size' } },
    { name: 'read', roles: ['read'], carries: 'peak queries', helm: { key: 'read', componentLabel: 'read', persistence: 'none' } },
    { name: 'backend', roles: ['backend'], carries: null, helm: { key: 'backend', componentLabel: 'backend', persistence: 'size' } },
    GATEWAY,
    ...CACHES,
  ],
  ingesterTarget: 'write',
  summaryTargets: { write: 'write', read: 'read' },
  ...CLUSTERED,
  zoneAwareIngesters: false,
  size: (s, w, profile) => ({
    targets: (['write', 'read', 'backend', 'gateway', ...cachesOf(s)] as const).map((t) => sizeTarget(t, profile.targets[t], s, w, profile, t === 'write')),
  }),
  assumptions: () => SSD_ASSUMPTIONS,
  warnings(s) {
    const out = [
      {
        code: 'ssd-deprecated',
        message: 'simple-scalable mode is deprecated by Grafana: its write/read/backend targets are removed from Loki main for 4.0 (every 3.x release still has them)',
      },
    ];
    const perDay = s.ingest.bytesPerSecond * 86400;
    if (perDay > SSD_DOCUMENTED_BYTES_PER_DAY) {
      out.push({
        code: 'ssd-beyond-documented-range',
        message: `ingest ${fmtNum(perDay / 1e12)} TB/day is beyond what Grafana documents for simple-scalable ("close to a TB of logs per day", docs Dec 2025; "a few TBs" in v3.0): the linear sizing here is an extrapolation; consider microservices`,
      });
    }
    return out;
  },
  helm: {
    deploymentMode: 'SimpleScalable',
    off: ['singleBinary'],
    notes(_s, p) {
      const notes = ['simple-scalable is deprecated by Grafana (removed in Loki 4.0); plan ha-monolithic or microservices instead'];
      const read = p.topology.targets.find((t) => t.name === 'read');
      if (read && read.volumeGiB > 0) notes.push(`read: the plan prices a ${read.volumeGiB} GiB volume per read pod, but the chart runs read as a Deployment without one`);
      return notes;
    },
  },
};
