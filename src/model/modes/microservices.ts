/** microservices (Distributed): every component its own target, sized from the "Size the cluster" tiers. */
import { microservicesAssumptions, sizeMicroservices } from '../sizing.js';
import { CACHES, CLUSTERED, GATEWAY, zoneAwareFits, type ModeSpec } from './spec.js';

export const microservices: ModeSpec = {
  mode: 'microservices',
  summary: 'one target per Loki component, sized from the "Size the cluster" tiers; zone-aware ingesters',
  source: 'Loki docs, deployment modes (microservices) and "Size the cluster"; grafana/loki Helm chart deploymentMode Distributed',
  targets: [
    { name: 'distributor', roles: ['write'], carries: 'peak ingest', helm: { key: 'distributor', componentLabel: 'distributor', persistence: 'none' } },
    // zone-aware ingesters get ingester.zoneAwareReplication instead of a spread constraint (src/model/helm.ts)
    { name: 'ingester', roles: ['write'], carries: 'peak ingest', helm: { key: 'ingester', componentLabel: 'ingester', persistence: 'claims' } },
    { name: 'querier', roles: ['read'], carries: 'peak queries', helm: { key: 'querier', componentLabel: 'querier', persistence: 'none' } },
    { name: 'query-frontend', roles: ['read'], carries: null, helm: { key: 'queryFrontend', componentLabel: 'query-frontend', persistence: 'none' } },
    { name: 'query-scheduler', roles: ['backend'], carries: null, helm: { key: 'queryScheduler', componentLabel: 'query-scheduler', persistence: 'none' } },
    { name: 'index-gateway', roles: ['backend'], carries: null, helm: { key: 'indexGateway', componentLabel: 'index-gateway', persistence: 'enabled-size' } },
    { name: 'compactor', roles: ['backend'], carries: null, helm: { key: 'compactor', componentLabel: 'compactor', persistence: 'claims' } },
    { name: 'ruler', roles: ['backend'], carries: null, helm: { key: 'ruler', componentLabel: 'ruler', persistence: 'enabled-size' } },
    GATEWAY,
    ...CACHES,
  ],
  ingesterTarget: 'ingester',
  summaryTargets: { write: 'ingester', read: 'querier' },
  ...CLUSTERED,
  zoneAwareIngesters: true,
  size: (s, w, profile) => sizeMicroservices(s, w, profile, zoneAwareFits(s)),
  assumptions: microservicesAssumptions,
  warnings: () => [],
  helm: {
    deploymentMode: 'Distributed',
    off: ['write', 'read', 'backend'],
    notes: (s) =>
      zoneAwareFits(s) ? [`ingester.zoneAwareReplication: zoneA/B/C nodeSelectors assume AZs ${s.region}a/b/c; change them to your node groups' zones`] : [],
  },
};
