/**
 * Duplicate keys in JSON text. JSON.parse keeps the last of two equal keys without a word, so a
 * price book that lists a price twice would silently use one of them. This scanner walks text that
 * JSON.parse has already accepted (so it need not report syntax errors) without recursion, and
 * returns the path of the first key that appears twice in one object, or null.
 */
export function duplicateKeyPath(text: string): string[] | null {
  type Frame = { keys: Set<string> | null; at: string; expectKey: boolean; index: number };
  const stack: Frame[] = [];
  const path = () => stack.slice(0, -1).map((f) => f.at);
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '{' || ch === '[') {
      const obj = ch === '{';
      stack.push({ keys: obj ? new Set() : null, at: obj ? '' : '0', expectKey: obj, index: 0 });
      i++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      i++;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.at = String(++top.index);
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return [...path(), key];
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = j + 1;
    } else {
      i++;
    }
  }
  return null;
}
