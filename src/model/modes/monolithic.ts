/** monolithic: one -target=all binary, replication factor 1, chunks and index on its own volume. */
import { sizeMonolithic } from '../sizing.js';
import type { ModeSpec } from './spec.js';

export const monolithic: ModeSpec = {
  mode: 'monolithic',
  summary: 'one -target=all binary, replication factor 1, chunks on its EBS volume',
  source: 'Loki docs, deployment modes (monolithic: "up to approximately 20GB per day"); grafana/loki Helm chart deploymentMode SingleBinary',
  targets: [
    {
      name: 'monolithic',
      roles: ['write', 'read', 'backend'],
      carries: 'average ingest',
      helm: { key: 'singleBinary', componentLabel: 'single-binary', persistence: 'enabled-size' },
    },
  ],
  ingesterTarget: 'monolithic',
  summaryTargets: { write: 'monolithic', read: 'monolithic' },
  defaults: { replicationFactor: 1, zones: 1, failureTolerance: 0 },
  requiredReplicationFactor: 1,
  objectStore: 'filesystem',
  spreadsZones: false,
  zoneAwareIngesters: false,
  spot: false,
  size: (s, w, profile) => ({ targets: [sizeMonolithic(s, w, profile)] }),
  warnings: () => [],
  helm: {
    deploymentMode: 'SingleBinary',
    off: ['write', 'read', 'backend'],
    notes: () => [],
  },
};
