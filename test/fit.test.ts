/** fitTable's layouts (issue 27 item 4): every line within the width in display columns, columns aligned, no cell lost. */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cols, fitTable, truncate, wrap } from '../src/report/fit.js';

const widest = (s: string) => Math.max(...s.split('\n').map((l) => stringWidth(l)));
const cellsOf = (rows: string[][]) => rows.flat().filter((c) => c !== '').flatMap((c) => c.split(' '));

describe('fitTable', () => {
  const rows = [
    ['name', 'a', 'b', 'c', 'd', 'e', 'f'],
    ['東京', '$1,234.56', '$2,345.67', '$3,456.78', '-', '-', '$99,999.99'],
    ['total a month', '$10.00', '-', '-', '$4.00', '$5.00', '$6.00'],
  ];
  it.each([
    ['one line per row when it fits (display columns)', 200, {}],
    ['groups of columns with the labels repeated (keep)', 40, { keep: 1 }],
    ['columns under their row (spill)', 50, { spill: [6, 5, 4, 3] }],
    ['blocks of "header: value" as the last resort', 30, {}],
  ] as const)('%s', (_, width, fit) => {
    const t = fitTable(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r'], { width, ...fit });
    expect(widest(t)).toBeLessThanOrEqual(width);
    const words = t.split(/\s+/);
    for (const w of cellsOf(rows)) expect(words.some((x) => x.replace(/[:;]$/, '') === w), w).toBe(true);
  });
  it('pads a CJK cell by its two-column characters', () => {
    const t = fitTable([['x', 'y'], ['東京', '1'], ['ab', '2']], ['l', 'r']).split('\n');
    expect(t.map((l) => stringWidth(l))).toEqual([7, 7, 7]);
  });
  it('groups print only the rows that have something in them', () => {
    const sparse = rows.map((r, i) => (i === 1 ? r.map((c, k) => (k >= 4 ? '-' : c)) : r));
    const groups = fitTable(sparse, ['l', 'r', 'r', 'r', 'r', 'r', 'r'], { width: 40, keep: 1 }).split('\n\n');
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      const head = g.split('\n')[0]!.trim().split(/ +/);
      const at = head.slice(1).map((h) => sparse[0]!.indexOf(h));
      for (const r of sparse.slice(1)) {
        const something = at.some((c) => r[c] !== '-');
        expect(g.split('\n').some((l) => l.startsWith(r[0]!)), `${r[0]} in ${head.join(',')}`).toBe(something);
      }
    }
    expect(groups.some((g) => !g.includes('東京'))).toBe(true);
  });
});

describe('wrap and truncate count display columns', () => {
  it('wraps CJK text within the width and cuts no character in half', () => {
    const s = '日本語のテキスト '.repeat(6);
    for (const l of wrap(s, 20, '  ')) expect(stringWidth(l)).toBeLessThanOrEqual(20);
    expect(wrap('東京都千代田区丸の内一丁目', 9).every((l) => stringWidth(l) <= 9)).toBe(true);
  });
  it('truncate ends with an ellipsis within the width', () => {
    expect(truncate('ゴースト・プロトコル設計案', 10)).toBe('ゴースト…');
    expect(cols(truncate('ゴースト・プロトコル設計案', 10))).toBeLessThanOrEqual(10);
    expect(truncate('short', 10)).toBe('short');
  });
});
