/**
 * `node:path` for the what-if page's browser bundle (scripts/build.mjs aliases it): the POSIX
 * `dirname`, `relative` and `resolve` the scenario loader uses, on the page's virtual absolute paths
 * (src/commands/whatif-page.ts). Same results as Node's path.posix for absolute paths.
 */
function normalise(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

export function resolve(...paths: string[]): string {
  let acc = '';
  for (const p of paths) acc = p.startsWith('/') ? p : `${acc}/${p}`;
  return normalise(acc || '/');
}

export function dirname(path: string): string {
  const p = normalise(path);
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function relative(from: string, to: string): string {
  const a = normalise(from).split('/').filter(Boolean);
  const b = normalise(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
