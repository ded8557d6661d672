/**
 * Text that fits a terminal: word wrapping with a hanging indent, and tables whose long text column
 * wraps inside its column or moves under its row when the table is wider than the terminal. Pure:
 * the width comes from the command (COLUMNS or the tty), `undefined` means one line per row (files,
 * pipes, --wide).
 */

/** Word-wrap `s` to `width`; continuation lines start with `indent`. A word longer than a line is cut. */
export function wrap(s: string, width: number, indent = ''): string[] {
  if (s.length <= width) return [s];
  const lead = /^\s*/.exec(s)![0];
  const words = s.slice(lead.length).split(/ +/);
  const out: string[] = [];
  let line = lead;
  const room = (l: string) => width - l.length;
  for (let w of words) {
    const sep = line.trim() === '' ? '' : ' ';
    if (w.length + sep.length <= room(line)) {
      line += sep + w;
      continue;
    }
    if (line.trim() !== '') {
      out.push(line);
      line = indent;
    }
    while (w.length > room(line)) {
      const n = Math.max(1, room(line));
      out.push(line + w.slice(0, n));
      w = w.slice(n);
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
    .flatMap((l) => (l.length <= width ? [l] : wrap(l, width, `${/^\s*/.exec(l)![0]}  `)))
    .join('\n');
}

export interface FitTable {
  /** terminal width; undefined: no limit */
  width?: number;
  /** the long text column (a reason, a description): wrapped inside, or moved under its row */
  flex?: number;
  /** columns that may wrap at their spaces when the table is still too wide */
  wrap?: readonly number[];
}

const MIN_FLEX = 28;

/** Rows as a table, two spaces between columns; within `width` when one is given. */
export function fitTable(rows: string[][], align: readonly ('l' | 'r')[], fit: FitTable = {}): string {
  const width = fit.width;
  const cols = rows[0]!.length;
  const natural = (rs: string[][]) => rs[0]!.map((_, c) => Math.max(...rs.map((r) => (r[c] ?? '').length)));
  const total = (w: number[]) => w.reduce((a, b) => a + b, 0) + 2 * (w.length - 1);
  const lay = (rs: string[][], w: number[], al: readonly ('l' | 'r')[], under: string[] | null, wrapCols: readonly number[]): string[] => {
    const out: string[] = [];
    rs.forEach((r, i) => {
      const cells = r.map((cell, c) => (wrapCols.includes(c) && cell.length > w[c]! ? wrap(cell, w[c]!) : [cell]));
      const height = Math.max(...cells.map((x) => x.length));
      for (let k = 0; k < height; k++) {
        const line =
          cells
            .map((x, c) => {
              const cell = x[k] ?? '';
              return al[c] === 'r' ? cell.padStart(w[c]!) : cell.padEnd(w[c]!);
            })
            .join('  ')
            .trimEnd();
        if (line !== '' || !under) out.push(line);
      }
      const u = under?.[i];
      if (u) out.push(...wrap(`    ${u}`, width ?? Infinity, '    '));
    });
    return out;
  };
  let w = natural(rows);
  if (!width || total(w) <= width) return lay(rows, w, align, null, []).join('\n');

  const wrapCols = [...(fit.wrap ?? [])];
  let body = rows;
  let under: string[] | null = null;
  let al = align;
  const flex = fit.flex;
  if (flex !== undefined) {
    const room = width - (total(w) - w[flex]!);
    if (room >= MIN_FLEX) {
      w[flex] = room;
      wrapCols.push(flex);
      return lay(rows, w, align, null, wrapCols).join('\n');
    }
    // too little room beside the row: the text goes under it, indented
    under = rows.map((r, i) => (i === 0 ? '' : r[flex] ?? ''));
    body = rows.map((r) => r.filter((_, c) => c !== flex));
    al = align.filter((_, c) => c !== flex);
    const shift = (c: number) => (c > flex ? c - 1 : c);
    for (let k = 0; k < wrapCols.length; k++) wrapCols[k] = shift(wrapCols[k]!);
    w = natural(body);
  }
  // still too wide: narrow the widest wrappable column, a character at a time, down to its longest word
  const longestWord = (c: number) => Math.max(...body.map((r) => Math.max(0, ...(r[c] ?? '').split(' ').map((x) => x.length))));
  while (total(w) > width) {
    const c = wrapCols.filter((x) => x < cols && w[x]! > longestWord(x)).sort((a, b) => w[b]! - w[a]!)[0];
    if (c === undefined) break;
    w[c] = Math.max(longestWord(c), w[c]! - (total(w) - width));
  }
  const lines = lay(body, w, al, under, wrapCols);
  // the last resort: a line no column can shorten is folded
  return lines.flatMap((l) => (l.length <= width ? [l] : wrap(l, width, '    '))).join('\n');
}
