/**
 * Rounding for display. Amounts stay exact in the plan; renderers round here, so that rounded
 * lines always add up to the rounded total shown (largest-remainder allocation of cents).
 */
export function toCents(v: number): number {
  return Math.round(v * 100 + Number.EPSILON * Math.sign(v));
}

/** Round each amount to cents so that the parts sum exactly to round(sum of amounts). */
export function allocateCents(amounts: readonly number[]): number[] {
  const total = toCents(amounts.reduce((a, b) => a + b, 0));
  const floors = amounts.map((a) => Math.floor(a * 100 + 1e-9));
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = amounts
    .map((a, i) => ({ i, frac: a * 100 - floors[i]! }))
    .sort((x, y) => y.frac - x.frac || x.i - y.i);
  const out = [...floors];
  for (let k = 0; rest > 0 && order.length; k = (k + 1) % order.length, rest--) out[order[k]!.i]! += 1;
  for (let k = order.length - 1; rest < 0 && order.length; k = (k - 1 + order.length) % order.length, rest++) out[order[k]!.i]! -= 1;
  return out;
}

export const centsToString = (c: number): string => {
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

export const usd = (c: number): string => {
  const s = centsToString(c);
  const [i, f] = s.replace('-', '').split('.');
  return `${c < 0 ? '-' : ''}$${i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
};

/** Round a money amount for machine output, dropping float noise below a micro-dollar. */
export const exact = (v: number): number => Math.round(v * 1e6) / 1e6;

export interface RoundedTotals {
  /** cents per line, in the order of `lines` */
  lines: number[];
  byCategory: Record<string, number>;
  total: number;
}

/**
 * The one rounding every renderer uses: lines get cents by largest remainder, categories and the
 * total are sums of those cents, so every table, CSV and chart adds up to the cent.
 */
export function roundTotals(lines: readonly { monthlyCost: number; category: string }[], categories: readonly string[]): RoundedTotals {
  const cents = allocateCents(lines.map((l) => l.monthlyCost));
  const byCategory: Record<string, number> = Object.fromEntries(categories.map((c) => [c, 0]));
  lines.forEach((l, i) => (byCategory[l.category] = (byCategory[l.category] ?? 0) + cents[i]!));
  return { lines: cents, byCategory, total: cents.reduce((a, b) => a + b, 0) };
}
