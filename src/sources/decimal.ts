/**
 * Exact decimal strings for prices: the Price List gives "0.2016000000"; the snapshot format wants
 * "0.2016". Unit conversions (GiBps-month -> MiBps-month) and discounts stay exact via BigInt.
 */

/** Canonical form of a non-negative decimal string: no leading/trailing zeros ("0.2016000000" -> "0.2016"). */
export function normDecimal(s: string): string | null {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(s);
  if (!m) return null;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

function toScaled(s: string): { n: bigint; scale: number } {
  const d = normDecimal(s);
  if (d === null) throw new RangeError(`not a decimal: ${JSON.stringify(s)}`);
  const [i, f = ''] = d.split('.');
  return { n: BigInt(i! + f), scale: f.length };
}

function fromScaled(n: bigint, scale: number): string {
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  digits = frac ? `${int}.${frac}` : int;
  return (neg ? '-' : '') + digits;
}

/** a x b, exactly. */
export function mulDecimal(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled(x.n * y.n, x.scale + y.scale);
}

/** a / 2^k or a / 10^k style divisions that terminate; rounds half-up at `maxScale` digits otherwise. */
export function divDecimal(a: string, divisor: number, maxScale = 12): string {
  const x = toScaled(a);
  const scale = Math.max(x.scale, maxScale);
  const num = x.n * 10n ** BigInt(scale - x.scale) * 10n;
  const q = num / BigInt(divisor);
  const rounded = (q + 5n) / 10n;
  return fromScaled(rounded, scale);
}

/** Round a float to `dp` decimal places as a canonical decimal string (for averages of prices). */
export function roundDecimal(v: number, dp: number): string {
  return normDecimal(v.toFixed(dp)) ?? String(v);
}

/** a x (1 - pct/100), exactly: a discount given in percent. */
export function discountDecimal(a: string, pct: string): string {
  const keep = subDecimal('1', divDecimal(pct, 100, 8));
  return mulDecimal(a, keep);
}

function subDecimal(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const s = Math.max(x.scale, y.scale);
  return fromScaled(x.n * 10n ** BigInt(s - x.scale) - y.n * 10n ** BigInt(s - y.scale), s);
}
