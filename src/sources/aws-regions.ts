/**
 * Region codes and the location names the Price List uses for them (needed where products carry
 * `fromLocation`/`toLocation` rather than a region code, as inter-AZ data transfer does).
 */
import { closest } from '../model/closest.js';

export const REGION_LOCATIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'ca-west-1': 'Canada West (Calgary)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-west-3': 'EU (Paris)',
  'eu-central-1': 'EU (Frankfurt)',
  'eu-central-2': 'EU (Zurich)',
  'eu-north-1': 'EU (Stockholm)',
  'eu-south-1': 'EU (Milan)',
  'eu-south-2': 'EU (Spain)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-south-2': 'Asia Pacific (Hyderabad)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)',
  'ap-east-1': 'Asia Pacific (Hong Kong)',
  'sa-east-1': 'South America (Sao Paulo)',
  'me-south-1': 'Middle East (Bahrain)',
  'me-central-1': 'Middle East (UAE)',
  'il-central-1': 'Israel (Tel Aviv)',
  'af-south-1': 'Africa (Cape Town)',
};

export const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The usagetype prefixes of each region, from AWS's S3 usage-type table
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/aws-usage-report-understand.html):
 * "USE1 (or no prefix): US East (N. Virginia)"; Cape Town is AFS1 there (CPT in older versions).
 */
export const USAGE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['', 'USE1'],
  'us-east-2': ['USE2'],
  'us-west-1': ['USW1'],
  'us-west-2': ['USW2'],
  'ca-central-1': ['CAN1'],
  'ca-west-1': ['CAN2'],
  'eu-west-1': ['EU'],
  'eu-west-2': ['EUW2'],
  'eu-west-3': ['EUW3'],
  'eu-central-1': ['EUC1'],
  'eu-central-2': ['EUC2'],
  'eu-north-1': ['EUN1'],
  'eu-south-1': ['EUS1'],
  'eu-south-2': ['EUS2'],
  'ap-south-1': ['APS3'],
  'ap-south-2': ['APS5'],
  'ap-northeast-1': ['APN1'],
  'ap-northeast-2': ['APN2'],
  'ap-northeast-3': ['APN3'],
  'ap-southeast-1': ['APS1'],
  'ap-southeast-2': ['APS2'],
  'ap-southeast-3': ['APS4'],
  'ap-southeast-4': ['APS6'],
  'ap-east-1': ['APE1'],
  'sa-east-1': ['SAE1'],
  'me-south-1': ['MES1'],
  'me-central-1': ['MEC1'],
  'il-central-1': ['ILC1'],
  'af-south-1': ['AFS1', 'CPT'],
};

export function usagePrefixes(region: string): readonly string[] {
  return Object.hasOwn(USAGE_PREFIXES, region) ? USAGE_PREFIXES[region]! : [];
}

/** One line for a region lokiplan cannot fetch prices for: the closest names and the way forward. */
export function unknownRegion(region: string): string {
  const near = closest(region, Object.keys(REGION_LOCATIONS));
  return `unknown AWS region ${JSON.stringify(region)}: did you mean ${near.join(', ')}? (lokiplan knows ${Object.keys(REGION_LOCATIONS).length} commercial regions; for another, give a price book with --prices FILE)`;
}
