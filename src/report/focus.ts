/**
 * FOCUS 1.2 values for lokiplan's cost lines: which AWS service bills each price-key family, its
 * FOCUS ServiceCategory / ServiceSubcategory (held by the price-key catalogue, one entry per family),
 * and each unit in the FOCUS Unit Format.
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
import { familyOf, type FocusService } from '../model/price-catalogue.js';
import type { CostLine } from '../model/types.js';

export type { FocusService };

/** The FOCUS service of a line: its price-key family's, in the catalogue (model/price-catalogue.ts). */
export function focusService(l: Pick<CostLine, 'priceKey'>): FocusService {
  const f = familyOf(l.priceKey);
  if (!f) throw new Error(`internal: no FOCUS service for price key ${l.priceKey} (it is in no family of model/price-catalogue.ts)`);
  return f.family.focus;
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
  event: 'Events',
  'key-month': 'Keys-Months',
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
