/**
 * Sizing rules as cited data. Figures marked `estimate` are lokiplan's own, with the reasoning in
 * `source`; everything else quotes a Grafana Loki source (see ../shared/reference/loki-sizing-facts.md).
 */
import type { Resources } from './types.js';

export interface TargetProfile {
  components: string[];
  requests: Resources;
  limits: Resources;
  /** bytes/s one replica carries at `requests`; what it measures is `throughputOf` */
  throughputPerReplica: number | null;
  throughputOf: 'ingest' | 'query' | null;
  minReplicas: number;
  maxReplicas: number | null;
  /** replicas added for failure tolerance */
  addFailureTolerance: boolean;
  volumeGiB: number;
  source: string;
  estimate: boolean;
}

export interface MonolithicProfile extends TargetProfile {
  /** raw ingest one binary carries, bytes/day */
  capacityBytesPerDay: number;
  capacitySource: string;
  /** free space kept on the chunks volume, fraction of the data */
  volumeHeadroom: number;
}

export interface SizingProfile {
  id: string;
  description: string;
  targets: Record<'write' | 'read' | 'backend' | 'gateway', TargetProfile>;
  monolithic: MonolithicProfile;
  /** daemonset requests per node (aws-node, kube-proxy, ebs-csi-node) */
  daemonsetOverhead: Resources;
  daemonsetSource: string;
}

const MiB = 2 ** 20;
const CALC = "Grafana's Loki SSD sizing calculator (grafana/loki pkg/sizing, removed 2025)";

export const DEFAULT_PROFILE: SizingProfile = {
  id: 'ssd-calculator-2024',
  description: `${CALC}; backend, gateway and monolithic figures are lokiplan estimates`,
  targets: {
    write: {
      components: ['distributor', 'ingester'],
      requests: { cpu: 1, memoryGiB: 6 },
      limits: { cpu: 2, memoryGiB: 12 },
      throughputPerReplica: 3 * MiB,
      throughputOf: 'ingest',
      minReplicas: 3,
      maxReplicas: null,
      addFailureTolerance: true,
      volumeGiB: 10,
      source: `${CALC}: 3 MiB/s of client ingest per write pod at 1 CPU / 6 GB requested, limit 2 CPU / 12 GB, at least 3; 10Gi PVC is the grafana/loki Helm chart default`,
      estimate: false,
    },
    read: {
      components: ['query-frontend', 'querier'],
      requests: { cpu: 3, memoryGiB: 6 },
      limits: { cpu: 3, memoryGiB: 8 },
      throughputPerReplica: 768 * MiB,
      throughputOf: 'query',
      minReplicas: 3,
      maxReplicas: null,
      addFailureTolerance: true,
      volumeGiB: 10,
      source: `${CALC}: 768 MiB/s of query throughput per read pod at 3 CPU / 6 GB, limit 3 CPU / 8 GB, at least 3; 10Gi volume from the reference design`,
      estimate: false,
    },
    backend: {
      components: ['query-scheduler', 'ruler', 'compactor', 'index-gateway'],
      requests: { cpu: 1, memoryGiB: 4 },
      limits: { cpu: 2, memoryGiB: 10 },
      throughputPerReplica: null,
      throughputOf: null,
      minReplicas: 1,
      maxReplicas: 3,
      addFailureTolerance: true,
      volumeGiB: 10,
      source:
        'estimate: the calculator did not size backend; requests from the "Size the cluster" < 3 TB/day tier (index gateway 0.5 CPU / 2 GiB + query-scheduler 1 CPU / 0.5 GiB, rounded), limit memory = compactor 10 GiB; 1 to 3 replicas; 10Gi PVC is the Helm chart default',
      estimate: true,
    },
    gateway: {
      components: ['nginx gateway'],
      requests: { cpu: 0.1, memoryGiB: 0.125 },
      limits: { cpu: 0.5, memoryGiB: 0.5 },
      throughputPerReplica: null,
      throughputOf: null,
      minReplicas: 2,
      maxReplicas: null,
      addFailureTolerance: false,
      volumeGiB: 0,
      source: 'estimate: 2 replicas from the reference design; nginx requests are not given by the design or the chart, 100m / 128Mi assumed',
      estimate: true,
    },
  },
  monolithic: {
    components: ['all'],
    requests: { cpu: 2, memoryGiB: 4 },
    limits: { cpu: 4, memoryGiB: 8 },
    throughputPerReplica: null,
    throughputOf: null,
    minReplicas: 1,
    maxReplicas: 1,
    addFailureTolerance: false,
    volumeGiB: 0,
    capacityBytesPerDay: 20e9,
    capacitySource: 'Grafana Loki docs, deployment modes: monolithic "up to approximately 20GB per day" (the reference design says ~100 GB/day)',
    volumeHeadroom: 0.2,
    source: 'estimate: one -target=all pod at 2 CPU / 4 GiB requested, 4 CPU / 8 GiB limit; chunks volume sized for the whole retention plus 20% free space',
    estimate: true,
  },
  daemonsetOverhead: { cpu: 0.15, memoryGiB: 0.25 },
  daemonsetSource:
    'estimate: EKS add-on daemonsets per node (aws-node 25m, kube-proxy 100m, ebs-csi-node ~30m; ~256 MiB)',
};
