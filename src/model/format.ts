/** Small pure formatters used in reasons, descriptions and warnings (not for money columns). */
const BIN = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const DEC = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

export function fmtBytes(n: number, binary = true): string {
  const base = binary ? 1024 : 1000;
  const names = binary ? BIN : DEC;
  let i = 0;
  let v = n;
  while (Math.abs(v) >= base && i < names.length - 1) {
    v /= base;
    i++;
  }
  return `${fmtNum(v)} ${names[i]}`;
}

export const fmtRate = (bytesPerSecond: number) => `${fmtBytes(bytesPerSecond)}/s`;

/** Thousands separators without Intl (Intl formatting is ~100x slower and locale-dependent). */
export function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

export function fmtNum(v: number, digits = 3): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) {
    if (!Number.isFinite(a) || a >= 1e21) return String(v);
    return (v < 0 ? '-' : '') + groupThousands(String(Math.round(a)));
  }
  if (Number.isInteger(v)) return String(v);
  // `digits` significant figures without toPrecision (which is slow on hot paths)
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(a)));
  const r = Math.round(v * scale) / scale;
  // subnormal or huge magnitudes overflow the scale: fall back to the slow exact path
  return Number.isFinite(r) ? String(r) : String(Number(v.toPrecision(digits)));
}

/** Dollars with cents, e.g. $1,234.50 (for messages; reports round through report/money.ts). */
export function fmtUsd(v: number): string {
  const c = Math.round(Math.abs(v) * 100);
  if (!Number.isFinite(c) || c >= 1e21) return `${v < 0 ? '-' : ''}$${Math.abs(v)}`;
  const whole = Math.floor(c / 100);
  return `${v < 0 && c > 0 ? '-' : ''}$${groupThousands(String(whole))}.${String(c % 100).padStart(2, '0')}`;
}

export const fmtPct = (f: number) => `${fmtNum(f * 100)}%`;

/** "1 replica", "2 replicas": a count and its noun, pluralised (regular English nouns only). */
export const plural = (n: number, noun: string): string => `${fmtNum(n)} ${noun}${n === 1 ? '' : 's'}`;
