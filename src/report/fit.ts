/**
 * Text that fits a terminal: word wrapping with a hanging indent, and tables whose long text column
 * wraps inside its column or moves under its row when the table is wider than the terminal. Pure:
 * the width comes from the command (COLUMNS or the tty), `undefined` means one line per row (files,
 * pipes, --wide).
 *
 * Widths are display columns, not code units: a CJK character or an emoji takes two columns, a
 * combining mark none (string-width, https://github.com/sindresorhus/string-width, which follows
 * Unicode's East Asian Width and emoji data as terminals do). A table never loses its alignment:
 * when it cannot fit as rows, columns move under their row with their header, then split into
 * groups side by side (comparisons), and at the last a row becomes a block of "header: value" lines.
 */
import stringWidth from 'string-width';

const PLAIN = /^[\x20-\x7e]*$/;

/** Display columns of `s` on a terminal (printable ASCII: its length, without the library). */
export function cols(s: string): number {
  return PLAIN.test(s) ? s.length : stringWidth(s);
}

/** `s` padded with spaces to `w` display columns, on the right ('l') or the left ('r'). */
export function pad(s: string, w: number, align: 'l' | 'r' = 'l'): string {
  const n = Math.max(0, w - cols(s));
  return align === 'r' ? ' '.repeat(n) + s : s + ' '.repeat(n);
}

/** The longest head of `s` within `w` display columns (never splits a character), and the rest. */
function cut(s: string, w: number): [string, string] {
  if (PLAIN.test(s)) return [s.slice(0, w), s.slice(w)];
  let used = 0;
  let i = 0;
  for (const { segment } of graphemes(s)) {
    const c = cols(segment);
    if (used + c > w && i > 0) break;
    used += c;
    i += segment.length;
  }
  return [s.slice(0, i), s.slice(i)];
}

let segmenter: Intl.Segmenter | undefined;
const graphemes = (s: string) => (segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' })).segment(s);

/** `s` shortened to `w` display columns, ending with an ellipsis when it was cut. */
export function truncate(s: string, w: number): string {
  return cols(s) <= w ? s : `${cut(s, w - 1)[0]}…`;
}

/** Word-wrap `s` to `width`; continuation lines start with `indent`. A word longer than a line is cut. */
export function wrap(s: string, width: number, indent = ''): string[] {
  if (cols(s) <= width) return [s];
  const lead = /^\s*/.exec(s)![0];
  const words = s.slice(lead.length).split(/ +/);
  const out: string[] = [];
  let line = lead;
  const room = (l: string) => width - cols(l);
  for (let w of words) {
    const sep = line.trim() === '' ? '' : ' ';
    if (cols(w) + sep.length <= room(line)) {
      line += sep + w;
      continue;
    }
    if (line.trim() !== '') {
      out.push(line);
      line = indent;
    }
    while (cols(w) > room(line)) {
      const [head, rest] = cut(w, Math.max(1, room(line)));
      out.push(line + head);
      w = rest;
      line = indent;
    }
    line += w;
  }
  if (line.trim() !== '') out.push(line);
  return out;
}

/** Every line of `text` wrapped to `width`, continuing under its own indent plus two spaces. */
export function fitText(text: string, width: number | undefined): string {
  if (!width) return text;
  return text
    .split('\n')
    .flatMap((l) => (cols(l) <= width ? [l] : wrap(l, width, `${/^\s*/.exec(l)![0]}  `)))
    .join('\n');
}

/** Does every line of `text` fit `width` display columns (no width: yes)? */
export function fits(text: string, width: number | undefined): boolean {
  return !width || text.split('\n').every((l) => cols(l) <= width);
}

export interface FitTable {
  /** terminal width; undefined: no limit */
  width?: number;
  /** the long text column (a reason, a description): wrapped inside, or moved under its row */
  flex?: number;
  /** columns that may wrap at their spaces when the table is still too wide */
  wrap?: readonly number[];
  /** columns that move under their row as "header: value" (in this order) when the table is still too wide */
  spill?: readonly number[];
  /**
   * a comparison: this many leading columns (the row labels) are repeated, and the other columns
   * are split into groups printed one under the other, when the table is still too wide
   */
  keep?: number;
}

const MIN_FLEX = 28;
const GAP = 2;
const INDENT = '    ';

type Align = readonly ('l' | 'r')[];

const natural = (rs: string[][]) => rs[0]!.map((_, c) => Math.max(...rs.map((r) => cols(r[c] ?? ''))));
const total = (w: number[]) => w.reduce((a, b) => a + b, 0) + GAP * (w.length - 1);
const longestWord = (rs: string[][], c: number) => Math.max(0, ...rs.map((r) => Math.max(0, ...(r[c] ?? '').split(' ').map(cols))));

/** Lay rows out in columns of widths `w`; `under[i]` (if any) is printed below row i, indented. */
function lay(rs: string[][], w: number[], al: Align, wrapCols: readonly number[], under: string[] | null, width: number | undefined): string[] {
  const out: string[] = [];
  rs.forEach((r, i) => {
    const cells = r.map((cell, c) => (wrapCols.includes(c) && cols(cell) > w[c]! ? wrap(cell, w[c]!) : [cell]));
    const height = Math.max(...cells.map((x) => x.length));
    for (let k = 0; k < height; k++) {
      const line = cells
        .map((x, c) => pad(x[k] ?? '', w[c]!, al[c] ?? 'l'))
        .join(' '.repeat(GAP))
        .trimEnd();
      if (line !== '' || !under) out.push(line);
    }
    const u = under?.[i];
    if (u) out.push(...wrap(`${INDENT}${u}`, width ?? Infinity, INDENT));
  });
  return out;
}

/** Narrow the widest wrappable column, down to its longest word, until the table fits (or none can shrink). */
function shrink(rs: string[][], w: number[], wrapCols: readonly number[], width: number): void {
  while (total(w) > width) {
    const c = wrapCols.filter((x) => x < w.length && w[x]! > longestWord(rs, x)).sort((a, b) => w[b]! - w[a]!)[0];
    if (c === undefined) return;
    w[c] = Math.max(longestWord(rs, c), w[c]! - (total(w) - width));
  }
}

/** Rows as a table, two spaces between columns; within `width` when one is given. */
export function fitTable(rows: string[][], align: Align, fit: FitTable = {}): string {
  const width = fit.width;
  const w = natural(rows);
  if (!width || total(w) <= width) return lay(rows, w, align, [], null, width).join('\n');

  const flex = fit.flex;
  if (flex !== undefined) {
    const room = width - (total(w) - w[flex]!);
    if (room >= MIN_FLEX) {
      w[flex] = room;
      return lay(rows, w, align, [flex], null, width).join('\n');
    }
  }
  // columns leave the row one at a time (the long text first, then `spill`), each under its row
  const header = rows[0]!;
  const moved: number[] = flex === undefined ? [] : [flex];
  const layout = () => {
    const kept = header.map((_, c) => c).filter((c) => !moved.includes(c));
    const body = rows.map((r) => kept.map((c) => r[c] ?? ''));
    const al = kept.map((c) => align[c] ?? 'l');
    const wrapCols = (fit.wrap ?? []).filter((c) => kept.includes(c)).map((c) => kept.indexOf(c));
    const ww = natural(body);
    shrink(body, ww, wrapCols, width);
    // the spilled columns first, labelled with their header; the long text last, as it was
    const under = moved.length
      ? rows.map((r, i) =>
          i === 0
            ? ''
            : [...moved.filter((c) => c !== flex).sort((a, b) => a - b), ...moved.filter((c) => c === flex)]
                .filter((c) => (r[c] ?? '') !== '')
                .map((c) => (c === flex || header[c] === '' ? r[c]! : `${header[c]}: ${r[c]}`))
                .join('; '),
        )
      : null;
    return { body, ww, al, wrapCols, under, fits: total(ww) <= width };
  };
  let l = layout();
  for (const c of fit.spill ?? []) {
    if (l.fits) break;
    moved.push(c);
    l = layout();
  }
  if (l.fits) return lay(l.body, l.ww, l.al, l.wrapCols, l.under, width).join('\n');

  if (fit.keep !== undefined && flex === undefined) {
    const groups = columnGroups(rows, fit.keep, width);
    if (groups) {
      // a group prints the rows that have something in it (not only "-" or nothing)
      const some = (r: string[], g: number[]) => g.some((c) => c >= fit.keep! && (r[c] ?? '') !== '' && r[c] !== '-');
      return groups
        .map((g) => fitTable(rows.filter((r, i) => i === 0 || some(r, g)).map((r) => g.map((c) => r[c] ?? '')), g.map((c) => align[c] ?? 'l'), { width, wrap: (fit.wrap ?? []).filter((c) => c < fit.keep!) }))
        .join('\n\n');
    }
  }
  return stacked(rows, width);
}

/** Leading `keep` columns, then as many of the others as fit beside them, group after group; null if not even one fits. */
function columnGroups(rows: string[][], keep: number, width: number): number[][] | null {
  const w = natural(rows);
  const lead = Array.from({ length: keep }, (_, c) => c);
  const leadWidth = total(lead.map((c) => w[c]!));
  const groups: number[][] = [];
  let cur: number[] = [];
  let used = leadWidth;
  for (let c = keep; c < w.length; c++) {
    if (leadWidth + GAP + w[c]! > width) return null;
    if (cur.length && used + GAP + w[c]! > width) {
      groups.push([...lead, ...cur]);
      cur = [];
      used = leadWidth;
    }
    cur.push(c);
    used += GAP + w[c]!;
  }
  if (cur.length) groups.push([...lead, ...cur]);
  return groups;
}

/** The last resort, always aligned: each row a block, its first cell then one "header: value" line per other cell. */
function stacked(rows: string[][], width: number): string {
  const header = rows[0]!;
  const label = Math.max(...header.slice(1).map(cols));
  const out: string[] = [];
  rows.slice(1).forEach((r, i) => {
    if (i > 0) out.push('');
    out.push(...wrap(header[0] ? `${header[0]}: ${r[0] ?? ''}` : (r[0] ?? ''), width, INDENT));
    header.forEach((h, c) => {
      if (c === 0 || (r[c] ?? '') === '') return;
      const lead = `  ${pad(h === '' ? '' : `${h}:`, label + 1)} `;
      const hang = Math.min(cols(lead), Math.floor(width / 2));
      wrap(r[c]!, width - hang).forEach((x, k) => out.push(`${k === 0 ? lead : ' '.repeat(hang)}${x}`.trimEnd()));
    });
  });
  return out.join('\n');
}
