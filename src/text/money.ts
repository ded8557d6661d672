/**
 * Rounding for display, as invoices and spreadsheets do it: each line is rounded half-up (half away
 * from zero) to the cent from its exact amount, and every subtotal and total is the sum of the
 * rounded lines. So a line shows the same cents in every plan (`40 x $0.0704` is always $2.82, what
 * `=ROUND(qty*price,2)` gives), and every format adds up to the cent. Amounts stay exact in the plan.
 */

/**
 * Cents of one amount, half away from zero. The amount is a double: 15 significant digits drop the
 * float noise of `x * 100` first (2.8159999999999997 -> 281.6, 1.005 * 100 = 100.49999999999999 -> 100.5),
 * so a figure whose decimal is exactly half a cent rounds up as a spreadsheet's ROUND does.
 */
export function toCents(v: number): number {
  // Fast path, the same cents: 15 significant digits move |x| by at most half a unit in its 15th
  // digit (<= |x| * 5e-15), so when x's fraction is further than that from one half, rounding x
  // itself to the nearest cent gives what rounding its 15-digit form gives. (NaN and infinities
  // fail the test and take the exact path.)
  const x = Math.abs(v * 100);
  const f = x - Math.floor(x);
  if (Math.abs(f - 0.5) > x * 1e-14 + 1e-12) return Math.sign(v) * Math.floor(x + 0.5) || 0;
  return toCentsExact(v);
}

/** toCents by its definition (every case; the fast path above must agree with it). */
export function toCentsExact(v: number): number {
  const c = Math.abs(Number((v * 100).toPrecision(15)));
  return Math.sign(v) * Math.floor(c + 0.5) || 0;
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
 * The one rounding every renderer uses: each line half-up to the cent, categories and the total
 * sums of those cents, so every table, CSV, chart and what-if report adds up to the cent.
 */
export function roundTotals(lines: readonly { monthlyCost: number; category: string }[], categories: readonly string[]): RoundedTotals {
  // plain loops (a sweep rounds every point): sums of whole cents, exact in any order
  const cents: number[] = new Array(lines.length);
  const byCategory: Record<string, number> = {};
  for (const c of categories) byCategory[c] = 0;
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const c = toCents(l.monthlyCost);
    cents[i] = c;
    byCategory[l.category] = (byCategory[l.category] ?? 0) + c;
    total += c;
  }
  return { lines: cents, byCategory, total };
}

/** A side's monthly total in cents as every report shows it: the sum of its rounded lines. */
export const totalCents = (lines: readonly { monthlyCost: number }[]): number => {
  let t = 0;
  for (const l of lines) t += toCents(l.monthlyCost);
  return t;
};
