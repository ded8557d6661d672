/**
 * How far a cost line's price can be trusted: ONE table of statuses, and the one rule that gives a
 * line its status. Every format shows it (the CSV's x_PriceStatus, the workbook's "price status"
 * column and its subtotals, the HTML and Markdown cost lines), so a reader sees which share of a
 * total rests on list prices and which on estimates or unconfirmed pages.
 * Pure: reads only the line (its commitment, pricing category, list and paid price, source).
 */
import type { CostLine } from './types.js';

/** The statuses, in the order reports list them, each with what it means. */
export const PRICE_STATUSES = {
  list: 'a public list price: the AWS Price List, live or as a public record of it cites',
  estimate: "lokiplan's estimate: spot at a stated discount below on-demand (--prices live uses spot history)",
  unverified: 'from AWS price pages that no public offer record confirms (the source says "(unverified)")',
  user: 'a price the user gave: a scenario override, a negotiated price-book entry or an enterprise discount',
  committed: 'a Savings Plan or Reserved Instance rate (--commitments)',
} as const;

export type PriceStatus = keyof typeof PRICE_STATUSES;
export const PRICE_STATUS_ORDER = Object.keys(PRICE_STATUSES) as PriceStatus[];

/** Live spot prices (sources/spot.ts) say where they come from; any other spot price is a discount rule. */
const SPOT_HISTORY = 'EC2 spot price history';

/**
 * A line's price status. In order: a commitment's rate is `committed`; a scenario override or an
 * enterprise discount is `user`; a spot price is `estimate` unless it comes from spot history (a
 * spot line's list price is on-demand, as in AWS's FOCUS export, so the list is no test for it);
 * any other rate that differs from its list price (a negotiated price-book entry) is `user`; a
 * source marked "(unverified)" is `unverified`; anything else is a `list` price.
 */
export function priceStatus(l: Pick<CostLine, 'commitment' | 'pricingCategory' | 'listUnitPriceUsd' | 'unitPriceUsd' | 'priceSource'>): PriceStatus {
  if (l.commitment || l.pricingCategory === 'committed') return 'committed';
  if (l.priceSource.startsWith('override (') || l.priceSource.includes('enterprise discount')) return 'user';
  if (l.pricingCategory === 'spot') return l.priceSource.startsWith(SPOT_HISTORY) ? 'list' : 'estimate';
  if (l.listUnitPriceUsd !== undefined && l.listUnitPriceUsd !== l.unitPriceUsd) return 'user';
  if (l.priceSource.includes('(unverified)')) return 'unverified';
  return 'list';
}
