/**
 * Layers without cycles (issue 25 item 4): no module in src/ reaches itself through its imports,
 * type-only imports, re-exports and dynamic `import()` included. Imports are read with the
 * TypeScript compiler's own pre-processor (`ts.preProcessFile`), not a regex, so comments and
 * strings cannot fool it. A failure prints every cycle found, as a path of files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));

/** src-relative module -> the src modules it imports (any kind of import). */
export function importGraph(srcDir: string): Map<string, string[]> {
  const files = walk(srcDir).filter((f) => f.endsWith('.ts'));
  const known = new Set(files.map((f) => relative(ROOT, f)));
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const deps = new Set<string>();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = relative(ROOT, resolve(dirname(f), fileName)).replace(/\.js$/, '.ts');
      const candidates = [target, target.endsWith('.ts') ? target : `${target}.ts`, join(target, 'index.ts')];
      const hit = candidates.find((c) => known.has(c));
      if (hit) deps.add(hit);
    }
    graph.set(relative(ROOT, f), [...deps].sort());
  }
  return graph;
}

/** Every strongly connected component of more than one module (or a module importing itself), each as one cycle through it. */
export function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const comps: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) comps.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  // one concrete cycle per component: a shortest path back to its first module (breadth-first)
  return comps.map((comp) => {
    const inComp = new Set(comp);
    const start = comp[0]!;
    const prev = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!inComp.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
          return [...path, start];
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return comp;
  }).map((cycle, i) => (comps[i]!.length > cycle.length - 1 ? [...cycle, `(one of ${comps[i]!.length} modules in one cycle: ${comps[i]!.join(', ')})`] : cycle));
}

describe('no import cycle in src/', () => {
  const graph = importGraph(join(ROOT, 'src'));
  it('the graph is read (modules and their imports are found)', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get('src/cli.ts')!.length).toBeGreaterThan(3);
    // a type-only import counts: model/plan.ts imports types.ts
    expect(graph.get('src/model/plan.ts')).toContain('src/model/types.ts');
  });
  it('the detector finds a planted cycle, type imports included', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']]);
  });
  it('no module reaches itself', () => {
    const found = cycles(graph).map((c) => c.join(' -> '));
    expect(found, `import cycles:\n${found.join('\n')}`).toEqual([]);
  });
});
