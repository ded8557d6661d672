/**
 * How deeply a YAML text nests, estimated from its characters without parsing it. The yaml
 * library composes nodes recursively, so a deeply nested file exhausts the stack at a depth that
 * depends on the thread it runs on; checking this estimate first makes the outcome the same
 * everywhere. The estimate counts block indentation levels, `- ` sequence indicators and flow
 * brackets (outside quotes and comments); it is an upper bound for ordinary files.
 */
export function yamlDepth(text: string): number {
  let max = 0;
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // start of a line: its indentation and leading "- " indicators
    let col = 0;
    while (i < n && text[i] === ' ') {
      i++;
      col++;
    }
    if (i >= n) break;
    const ch = text[i];
    const blank = ch === '\n' || ch === '\r' || ch === '#';
    if (!blank && flow === 0) {
      while (indents.length && indents[indents.length - 1]! >= col) indents.pop();
      indents.push(col);
    }
    let dashes = 0;
    while (i + 1 < n && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      dashes++;
      i += 2;
      while (i < n && text[i] === ' ') i++;
    }
    let prev = ' ';
    // the rest of the line
    while (i < n && text[i] !== '\n') {
      const c = text[i]!;
      if (c === '#' && (prev === ' ' || prev === '\t')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      }
      const tokenStart = prev === ' ' || prev === '\t' || prev === ':' || prev === ',' || prev === '[' || prev === '{' || prev === '-';
      if ((c === '"' || c === "'") && tokenStart) {
        // a quoted scalar, possibly over several lines ('' escapes a single quote, \ a double)
        i++;
        while (i < n) {
          if (c === '"' && text[i] === '\\') i += 2;
          else if (text[i] === c && c === "'" && text[i + 1] === "'") i += 2;
          else if (text[i] === c) break;
          else i++;
        }
      } else if ((c === '[' || c === '{') && (flow > 0 || prev === ' ' || prev === '\t' || prev === ':' || prev === ',' || prev === '-')) {
        flow++;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
      max = Math.max(max, indents.length + dashes + flow);
      prev = c;
      i++;
    }
    max = Math.max(max, indents.length + dashes + flow);
    i++;
  }
  return max;
}
