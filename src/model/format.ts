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

export function fmtNum(v: number, digits = 3): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

export const fmtUsd = (v: number) =>
  `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const fmtPct = (f: number) => `${fmtNum(f * 100)}%`;
