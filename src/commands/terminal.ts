/**
 * The terminal at the edge: how wide the table on stdout may be, and whether to colour it.
 * Width: `--wide` none; else `COLUMNS` (what shells export, and what a user sets to test); else the
 * tty's own width; piped output keeps one line per row. Colour only on a terminal, never with
 * NO_COLOR set to anything non-empty (https://no-color.org) or `--no-color`.
 */
import type { Command } from 'commander';
import type { RunContext } from './context.js';

export interface TerminalOptions {
  wide?: boolean;
  /** commander's `--no-color` sets this to false */
  color?: boolean;
}

/** The narrowest width honoured: below it tables cannot say anything useful. */
const MIN_WIDTH = 40;

export function terminalWidth(ctx: RunContext, o: TerminalOptions): number | undefined {
  if (o.wide) return undefined;
  const env = Number.parseInt(ctx.env['COLUMNS'] ?? '', 10);
  if (Number.isFinite(env) && env > 0) return Math.max(MIN_WIDTH, env);
  if (ctx.stdoutTTY && ctx.columns) return Math.max(MIN_WIDTH, ctx.columns);
  return undefined;
}

export function useColour(ctx: RunContext, o: TerminalOptions): boolean {
  return ctx.stdoutTTY && o.color !== false && !ctx.env['NO_COLOR'];
}

const RED = (s: string) => `\x1b[1;31m${s}\x1b[0m`;
const YELLOW = (s: string) => `\x1b[33m${s}\x1b[0m`;

/** FAIL, NO and "does not hold" in red, warnings and degraded checks in yellow (the text is unchanged otherwise). */
export function paint(text: string, on: boolean): string {
  if (!on) return text;
  let inWarnings = false;
  return text
    .split('\n')
    .map((l) => {
      if (/^(Warnings|What to change)$/.test(l)) {
        inWarnings = true;
        return YELLOW(l);
      }
      if (l === '' || !/^\s/.test(l)) inWarnings = false;
      if (inWarnings) return YELLOW(l);
      return l.replace(/\b(FAILS?|NO|DOES NOT HOLD)\b/g, (m) => RED(m)).replace(/\bdegraded\b/g, (m) => YELLOW(m));
    })
    .join('\n');
}

/** Options of every command that prints a table on the terminal. */
export const terminalOptions = (c: Command) =>
  c
    .option('--wide', 'one line per table row, whatever the terminal width (default: fit COLUMNS or the terminal)')
    .option('--no-color', 'no colour for FAIL, NO and warnings (also NO_COLOR=1; colour is only ever used on a terminal)');


/** Report progress every this many items (a clock read per item would cost more than the item). */
const TICK_EVERY = 512;

/**
 * Progress on stderr for work that takes more than a second, on a terminal only: one line redrawn
 * in place ("sweep: 41,000 of 100,000 points, 41%"), cleared when the work ends. Piped or
 * redirected stderr gets nothing. Returns `tick(done)` and `end()`.
 */
export function progress(ctx: RunContext, label: string, total: number, unit: string): { tick(done: number): void; end(): void } {
  if (!ctx.stderrTTY) return { tick: () => {}, end: () => {} };
  const start = ctx.now().getTime();
  let shown = false;
  let last = 0;
  return {
    tick(done) {
      if (done % TICK_EVERY !== 0) return;
      const t = ctx.now().getTime();
      if (t - start < 1000 || t - last < 100) return;
      last = t;
      shown = true;
      ctx.stderr(`\r\x1b[K${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}, ${Math.floor((100 * done) / total)}%`);
    },
    end() {
      if (shown) ctx.stderr('\r\x1b[K');
    },
  };
}
