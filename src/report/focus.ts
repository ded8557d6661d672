/**
 * FOCUS 1.2 values for lokiplan's cost lines: which AWS service bills each price-key family, its
 * FOCUS ServiceCategory / ServiceSubcategory, and each unit in the FOCUS Unit Format. One table
 * each, so the price-key catalogue can take them over.
 *
 * - ServiceName is the AWS product name as AWS's Cost and Usage Report and its FOCUS export name
 *   it (`product/ProductName`): EBS volumes bill under "Amazon Elastic Compute Cloud", regional
 *   (inter-AZ) transfer under "AWS Data Transfer"
 *   (https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-2-aws-columns.html).
 * - FOCUS gives each ServiceName one ServiceCategory (rule ServiceName-C-005-C) and SHOULD give it
 *   one ServiceSubcategory (ServiceName-C-008-C), so EBS under EC2 is Compute like the instances.
 * - Categories and subcategories are FOCUS 1.2's allowed values
 *   (https://focus.finops.org/focus-specification/v1-2/, ServiceCategory and ServiceSubcategory).
 */
import type { CostLine } from '../model/types.js';

export interface FocusService {
  name: string;
  category: string;
  subcategory: string;
  resourceType: string;
}

const EC2 = { name: 'Amazon Elastic Compute Cloud', category: 'Compute', subcategory: 'Virtual Machines' };
const S3 = { name: 'Amazon Simple Storage Service', category: 'Storage', subcategory: 'Object Storage' };
const EKS = { name: 'Amazon Elastic Kubernetes Service', category: 'Compute', subcategory: 'Containers' };
const ELB = { name: 'Elastic Load Balancing', category: 'Networking', subcategory: 'Network Infrastructure' };
const TRANSFER = { name: 'AWS Data Transfer', category: 'Networking', subcategory: 'Network Connectivity' };
const FARGATE = { name: 'AWS Fargate', category: 'Compute', subcategory: 'Containers' };

/** By price-key prefix, first match wins. */
export const FOCUS_SERVICES: readonly (readonly [prefix: string, svc: FocusService])[] = [
  ['ec2.', { ...EC2, resourceType: 'Instance' }],
  ['ebs.', { ...EC2, resourceType: 'Volume' }],
  ['s3.', { ...S3, resourceType: 'Bucket' }],
  ['transfer.', { ...TRANSFER, resourceType: 'Data Transfer' }],
  ['eks.', { ...EKS, resourceType: 'Cluster' }],
  ['elb.', { ...ELB, resourceType: 'Network Load Balancer' }],
  ['compute.', { ...FARGATE, resourceType: 'Task' }],
];

export function focusService(l: Pick<CostLine, 'priceKey'>): FocusService {
  const hit = FOCUS_SERVICES.find(([p]) => l.priceKey.startsWith(p));
  if (!hit) throw new Error(`internal: no FOCUS service for price key ${l.priceKey} (add it to FOCUS_SERVICES)`);
  return hit[1];
}

/**
 * Units in the FOCUS Unit Format ("GB-Months", "Hours", "Requests"): a plural time unit after a
 * hyphen for a quantity over time. AWS bills storage in 2^30-byte "GB-Mo", written GB-Months as in
 * AWS's FOCUS export.
 */
export const FOCUS_UNITS: Readonly<Record<string, string>> = {
  'instance-hour': 'Hours',
  hour: 'Hours',
  'cluster-hour': 'Hours',
  'vCPU-hour': 'vCPU-Hours',
  'GiB-hour': 'GiB-Hours',
  'NLCU-hour': 'NLCU-Hours',
  'GB-month': 'GB-Months',
  'IOPS-month': 'IOPS-Months',
  'MiBps-month': 'MiBps-Months',
  'object-month': 'Objects-Months',
  request: 'Requests',
  GB: 'GB',
};

export function focusUnit(unit: string): string {
  const u = FOCUS_UNITS[unit];
  if (u === undefined) throw new Error(`internal: no FOCUS unit for ${JSON.stringify(unit)} (add it to FOCUS_UNITS)`);
  return u;
}

/** FOCUS PricingCategory: Standard (on-demand, usage), Dynamic (spot), Committed. */
export const FOCUS_PRICING_CATEGORY: Record<CostLine['pricingCategory'], string> = {
  'on-demand': 'Standard',
  usage: 'Standard',
  spot: 'Dynamic',
  committed: 'Committed',
};
