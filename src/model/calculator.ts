/**
 * Grafana's Loki sizing calculator for simple-scalable mode, ported line for line from
 * grafana/loki pkg/sizing/algorithm.go and node.go at d73cdd2da2409ec5239ef70ada43913f5f325e67 (the
 * last commit before "chore: Retire sizing tool (#15917)", 5e4df21e67). Its units are the
 * calculator's own: ingest in bytes/day (10^12 = 1 TB), pod memory in GB (10^9 bytes: the page shows
 * "GB" and reads ingest in "gigabytes, ie 1e+9 bytes"), throughput in bytes/s.
 * Pure. test/calculator.test.ts carries the calculator's own tests (algorithm_test.go).
 */

export const CALCULATOR_SOURCE = 'grafana/loki pkg/sizing/algorithm.go@d73cdd2da2409ec5239ef70ada43913f5f325e67 (calculateClusterSize, retired in #15917)';

export interface CalculatorPod {
  cpuRequest: number;
  cpuLimit: number;
  /** GB (10^9 bytes) */
  memoryRequest: number;
  memoryLimit: number;
  rateBytesSecond: number;
}

export interface CalculatorNode {
  name: string;
  cores: number;
  memoryGB: number;
  readPod: CalculatorPod;
  writePod: CalculatorPod;
}

/** node.go StandardWrite */
export const STANDARD_WRITE: CalculatorPod = { cpuRequest: 1, cpuLimit: 2, memoryRequest: 6, memoryLimit: 12, rateBytesSecond: 3 * 1024 * 1024 };
/** node.go StandardRead */
export const STANDARD_READ: CalculatorPod = { cpuRequest: 3, cpuLimit: 3, memoryRequest: 6, memoryLimit: 8, rateBytesSecond: 768 * 1024 * 1024 };

const node = (name: string, cores: number, memoryGB: number): CalculatorNode => ({ name, cores, memoryGB, readPod: STANDARD_READ, writePod: STANDARD_WRITE });

/** node.go NodeTypesByProvider */
export const NODE_TYPES_BY_PROVIDER: Record<string, Record<string, CalculatorNode>> = {
  AWS: { 't2.xlarge': node('t2.xlarge', 4, 16), 't2.2xlarge': node('t2.2xlarge', 8, 32) },
  GCP: { 'e2-standard-4': node('e2-standard-4', 4, 16), 'e2-standard-8': node('e2-standard-8', 8, 32), 'e2-standard-16': node('e2-standard-16', 16, 64) },
  OVHcloud: { 'b2-30': node('b2-30', 8, 30), 'b2-60': node('b2-60', 16, 60), 'b2-120': node('b2-120', 32, 120) },
};

/**
 * The node type lokiplan reads the calculator at: AWS t2.xlarge, the calculator's 4-core AWS node,
 * where its packing puts one read pod beside each write pod (read = max(3, write)).
 */
export const CALCULATOR_NODE = NODE_TYPES_BY_PROVIDER['AWS']!['t2.xlarge']!;

export type QueryPerf = 'basic' | 'super';

export interface ClusterSize {
  totalNodes: number;
  totalReadReplicas: number;
  totalWriteReplicas: number;
  totalCoresRequest: number;
  /** GB */
  totalMemoryRequest: number;
  expectedMaxReadThroughputBytesSec: number;
  expectedMaxIngestBytesDay: number;
}

/** algorithm.go calculateClusterSize, unchanged (Go's int() truncation kept). */
export function calculateClusterSize(nt: CalculatorNode, bytesDayIngestIn: number, qperf: QueryPerf): ClusterSize {
  // 1 Petabyte per day is maximum.
  const bytesDayIngest = Math.min(bytesDayIngestIn, 1e15);
  const bytesSecondIngest = bytesDayIngest / 86400;
  let numWriteReplicasNeeded = Math.ceil(bytesSecondIngest / nt.writePod.rateBytesSecond);
  // High availability requires at least 3 replicas.
  numWriteReplicasNeeded = Math.max(3, numWriteReplicasNeeded);

  // Hack based on current 4-1 mem to cpu ratio and base machine w/ 4 cores and 1 write/read
  const writeReplicasPerNode = Math.trunc(nt.cores / 4);
  const fullyWritePackedNodes = Math.floor(numWriteReplicasNeeded / writeReplicasPerNode);
  const replicasOnLastNode = numWriteReplicasNeeded % writeReplicasPerNode;

  let coresOnLastNode = 0;
  if (replicasOnLastNode > 0) coresOnLastNode = Math.max(nt.cores - replicasOnLastNode * nt.writePod.cpuRequest, 0);

  const nodesNeededForWrites = Math.ceil(numWriteReplicasNeeded / writeReplicasPerNode);

  // Hack based on packing 1 read and 1 write per node
  const readReplicasPerNode = writeReplicasPerNode;
  const readReplicasOnFullyPackedWriteNodes = readReplicasPerNode * fullyWritePackedNodes;
  const readReplicasOnPartiallyPackedWriteNodes = Math.floor(coresOnLastNode / nt.readPod.cpuRequest);

  const baselineReadReplicas = readReplicasOnFullyPackedWriteNodes + readReplicasOnPartiallyPackedWriteNodes;

  const scaleUp = 0.25;
  const additionalReadReplicas = qperf !== 'basic' ? baselineReadReplicas * scaleUp : 0;

  const readReplicasPerEmptyNode = Math.floor(nt.cores / nt.readPod.cpuRequest);
  const additionalNodesNeededForReads = additionalReadReplicas / readReplicasPerEmptyNode;

  const actualNodesAddedForReads = calculateActualReadNodes(additionalNodesNeededForReads);
  const actualReadReplicasAdded = actualNodesAddedForReads * readReplicasPerEmptyNode;

  // High availability requires at least 3 replicas.
  const totalReadReplicas = Math.max(3, actualReadReplicasAdded + baselineReadReplicas);

  return {
    totalNodes: Math.trunc(nodesNeededForWrites + actualNodesAddedForReads),
    totalReadReplicas: Math.trunc(totalReadReplicas),
    totalWriteReplicas: Math.trunc(numWriteReplicasNeeded),
    totalCoresRequest: numWriteReplicasNeeded * nt.writePod.cpuRequest + totalReadReplicas * nt.readPod.cpuRequest,
    totalMemoryRequest: Math.trunc(numWriteReplicasNeeded * nt.writePod.memoryRequest + totalReadReplicas * nt.readPod.memoryRequest),
    expectedMaxReadThroughputBytesSec: totalReadReplicas * nt.readPod.rateBytesSecond,
    expectedMaxIngestBytesDay: nt.writePod.rateBytesSecond * numWriteReplicasNeeded * 86400,
  };
}

function calculateActualReadNodes(additionalNodesNeededForReads: number): number {
  if (additionalNodesNeededForReads === 0) return 0;
  if (additionalNodesNeededForReads > 0 && additionalNodesNeededForReads < 1) return 1;
  return Math.floor(additionalNodesNeededForReads);
}
