/**
 * EC2 instance facts used for placement (not prices: those come from the PriceBook).
 * vCPU and memory: AWS instance type pages (also `vcpu`/`memory` attributes in the Price List API).
 * maxPods: amazon-eks-ami `eni-max-pods.txt`, = ENIs x (IPv4 per ENI - 1) + 2 with the VPC CNI.
 */
import { closest } from './closest.js';

export interface InstanceType {
  name: string;
  vcpu: number;
  memoryGiB: number;
  maxPods: number;
  arch: 'x86_64' | 'arm64';
}

const rows: [string, number, number, number, InstanceType['arch']][] = [
  ['m7i.large', 2, 8, 29, 'x86_64'],
  ['m7i.xlarge', 4, 16, 58, 'x86_64'],
  ['m7i.2xlarge', 8, 32, 58, 'x86_64'],
  ['m7i.4xlarge', 16, 64, 234, 'x86_64'],
  ['m6i.xlarge', 4, 16, 58, 'x86_64'],
  ['m6i.2xlarge', 8, 32, 58, 'x86_64'],
  ['m7g.large', 2, 8, 29, 'arm64'],
  ['m7g.xlarge', 4, 16, 58, 'arm64'],
  ['m7g.2xlarge', 8, 32, 58, 'arm64'],
  ['m7g.4xlarge', 16, 64, 234, 'arm64'],
  ['c7i.xlarge', 4, 8, 58, 'x86_64'],
  ['c7g.xlarge', 4, 8, 58, 'arm64'],
  ['r7i.xlarge', 4, 32, 58, 'x86_64'],
  ['r7g.xlarge', 4, 32, 58, 'arm64'],
];

export const INSTANCE_TYPES: ReadonlyMap<string, InstanceType> = new Map(
  rows.map(([name, vcpu, memoryGiB, maxPods, arch]) => [name, { name, vcpu, memoryGiB, maxPods, arch }]),
);

export const KUBELET_SOURCE =
  'amazon-eks-ami bootstrap.sh / nodeadm: kube-reserved memory 255 MiB + 11 MiB x maxPods, ' +
  'CPU 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% of the rest; eviction-hard memory.available<100Mi';

/** Resources left for pods on an EKS optimized AMI node, before daemonsets. */
export function allocatable(t: InstanceType): { cpu: number; memoryGiB: number } {
  let reservedMilli = 0;
  for (let core = 1; core <= t.vcpu; core++) {
    reservedMilli += core === 1 ? 60 : core === 2 ? 10 : core <= 4 ? 5 : 2.5;
  }
  const reservedMemMiB = 255 + 11 * t.maxPods + 100;
  return { cpu: t.vcpu - reservedMilli / 1000, memoryGiB: t.memoryGiB - reservedMemMiB / 1024 };
}

/** The message for an instance type not in the catalogue: the closest names and the way forward. */
export function unknownInstanceType(t: string): string {
  return `unknown instance type ${JSON.stringify(t)}: did you mean ${closest(t, INSTANCE_TYPES.keys()).join(', ')}? (the instance catalogue has ${INSTANCE_TYPES.size} current-generation types; \`lokiplan prices show --region R --instance-types T\` shows the prices of any of them)`;
}
