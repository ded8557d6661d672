/**
 * A small HCL writer whose output `terraform fmt` leaves as it is: two-space indents, the `=` of
 * consecutive one-line attributes aligned (a multi-line value breaks the run, as hclwrite's
 * formatter does: hashicorp/hcl v2 hclwrite/format.go), blocks and comments on their own lines.
 * Pure; strings from outside lokiplan go through `hclString` (escaped) or `hclComment` (one line).
 */
import { yamlCommentSafe } from '../text/neutral.js';

/** An expression: raw HCL text (one line), a list, an object, or a function call on one argument. */
export type Expr = string | { list: Expr[] } | { obj: [string, Expr][] } | { call: string; arg: Expr };
export type Item =
  | { attr: string; value: Expr }
  | { block: string; labels?: string[]; body: Item[] }
  | { comment: string }
  | { blank: true };

/** A quoted HCL string literal: escapes, and `${` / `%{` kept literal. */
export function hclString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');
  return `"${body}"`;
}

/** Text for inside a `#` comment: one line (a line break or control character would end it). */
export const hclComment = (s: string): string => yamlCommentSafe(s);

const pad = (n: number) => '  '.repeat(n);

/** Comments wrap at this many columns (a word longer than the line stays whole). */
const COMMENT_WIDTH = 100;
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width - 2) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  out.push(line);
  return out;
}

/** An expression's lines; the first has no indent, the others carry `depth`'s. */
function expr(e: Expr, depth: number): string[] {
  if (typeof e === 'string') return [e];
  if ('call' in e) {
    const inner = expr(e.arg, depth);
    inner[0] = `${e.call}(${inner[0]}`;
    inner[inner.length - 1] += ')';
    return inner;
  }
  if ('list' in e) {
    const items = e.list.map((x) => expr(x, depth + 1));
    if (items.every((x) => x.length === 1)) {
      const one = `[${items.map((x) => x[0]).join(', ')}]`;
      if (one.length <= 80) return [one];
    }
    const out = ['['];
    for (const x of items) {
      x[0] = pad(depth + 1) + x[0];
      x[x.length - 1] += ',';
      out.push(...x);
    }
    out.push(`${pad(depth)}]`);
    return out;
  }
  const out = ['{'];
  out.push(...assignments(e.obj.map(([k, v]) => ({ attr: k, value: v })), depth + 1));
  out.push(`${pad(depth)}}`);
  return out;
}

/** Attributes (and other items) at `depth`, the `=` of consecutive one-line attributes aligned. */
function assignments(items: readonly Item[], depth: number): string[] {
  const out: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const w = Math.max(0, ...run.map((r) => r.key.length));
    for (const r of run) out.push(`${pad(depth)}${r.key.padEnd(w)} = ${r.value}`);
    run = [];
  };
  for (const it of items) {
    if ('attr' in it) {
      const lines = expr(it.value, depth);
      if (lines.length === 1) {
        run.push({ key: it.attr, value: lines[0]! });
        continue;
      }
      flush();
      out.push(`${pad(depth)}${it.attr} = ${lines[0]}`, ...lines.slice(1));
      continue;
    }
    flush();
    if ('blank' in it) out.push('');
    else if ('comment' in it) out.push(...wrap(hclComment(it.comment), COMMENT_WIDTH - depth * 2).map((l) => `${pad(depth)}# ${l}`.trimEnd()));
    else out.push(...block(it, depth));
  }
  flush();
  return out;
}

function block(b: Extract<Item, { block: string }>, depth: number): string[] {
  const head = [b.block, ...(b.labels ?? []).map(hclString)].join(' ');
  if (b.body.length === 0) return [`${pad(depth)}${head} {}`];
  return [`${pad(depth)}${head} {`, ...assignments(b.body, depth + 1), `${pad(depth)}}`];
}

/** A file: top-level items, one blank line between top-level blocks. */
export function hclFile(items: readonly Item[]): string {
  const out: string[] = [];
  let prev: Item | null = null;
  for (const it of items) {
    if (prev && 'block' in prev && !('blank' in it)) out.push('');
    if ('block' in it) out.push(...block(it, 0));
    else out.push(...assignments([it], 0));
    prev = it;
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
