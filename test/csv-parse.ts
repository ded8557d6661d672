/** A small RFC 4180 reader for tests (quoted fields, doubled quotes, newlines in quotes). */
export function parseCsv(text: string): Record<string, string>[] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (c === '\r' && src[i + 1] === '\n') continue;
    else cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  const [head, ...body] = rows;
  return body.map((r) => {
    if (r.length !== head!.length) throw new Error(`row has ${r.length} cells, header ${head!.length}`);
    return Object.fromEntries(head!.map((h, i) => [h, r[i]!]));
  });
}
