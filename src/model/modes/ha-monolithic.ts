/** ha-monolithic: 3+ -target=all replicas at replication factor 3 on S3, with the chart's memcached caches. */
import { sizeTarget } from '../sizing.js';
import { cachesOf, CACHES, CLUSTERED, GATEWAY, type ModeSpec } from './spec.js';

export const haMonolithic: ModeSpec = {
  mode: 'ha-monolithic',
  summary: '3+ -target=all replicas, replication factor 3, S3, memberlist, and the chart\'s caches',
  source: 'Loki docs, deployment modes (HA monolithic replaces simple scalable); grafana/loki Helm chart deploymentMode SingleBinary',
  targets: [
    {
      name: 'single-binary',
      roles: ['write', 'read', 'backend'],
      carries: 'peak ingest',
      helm: { key: 'singleBinary', componentLabel: 'single-binary', persistence: 'enabled-size' },
    },
    GATEWAY,
    ...CACHES,
  ],
  ingesterTarget: 'single-binary',
  summaryTargets: { write: 'single-binary', read: 'single-binary' },
  ...CLUSTERED,
  zoneAwareIngesters: false,
  size: (s, w, profile) => ({
    targets: (['single-binary', 'gateway', ...cachesOf(s)] as const).map((t) => sizeTarget(t, profile.targets[t], s, w, profile, t === 'single-binary')),
  }),
  assumptions: () => [],
  warnings: () => [],
  helm: {
    deploymentMode: 'SingleBinary',
    off: ['write', 'read', 'backend'],
    notes: () => [
      'ha-monolithic: the Loki docs ask for one main compactor (compactor.horizontal_scaling_mode: main on one replica, worker on the rest) and memberlist; the chart sets memberlist',
    ],
  },
};
