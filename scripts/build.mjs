// Bundle the CLI with esbuild: one ESM file that starts fast (only the units part of mathjs,
// no AWS SDK until a command needs it). Run by `npm ci` through `prepare`.
import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// mathjs's package entry re-exports all of mathjs, and its generated instance modules run at
// import: bundled through it, every start paid ~0.3 s for functions lokiplan never calls. The
// units code (src/scenario/units.ts) needs three exports; resolve them from the files that define
// them, so the bundle holds the unit dependency graph only. (The package's exports map hides these
// files from Node and tsc, not from the bundler; tests import mathjs normally.)
const MATHJS_ESM = fileURLToPath(new URL('../node_modules/mathjs/lib/esm/', import.meta.url));
const mathjsUnitsOnly = {
  name: 'mathjs-units-only',
  setup(b) {
    b.onResolve({ filter: /^mathjs$/ }, () => ({ path: 'mathjs-units', namespace: 'mathjs-units' }));
    b.onLoad({ filter: /.*/, namespace: 'mathjs-units' }, () => ({
      resolveDir: MATHJS_ESM,
      loader: 'js',
      contents: [
        "export { create } from './core/create.js';",
        "export { unitDependencies } from './entry/dependenciesAny/dependenciesUnitFunction.generated.js';",
        "export { createUnitDependencies } from './entry/dependenciesAny/dependenciesCreateUnit.generated.js';",
      ].join('\n'),
    }));
  },
};

const outfile = 'dist/lokiplan.js';
await build({
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  plugins: [mathjsUnitsOnly],
  banner: {
    js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  },
  external: ['@aws-sdk/*', '@napi-rs/canvas', 'playwright-core', 'chart.js', 'chart.js/*', 'exceljs'],
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
// the price snapshot, one file per region, read beside the bundle (src/sources/snapshot.ts)
mkdirSync('dist/snapshot', { recursive: true });
cpSync('src/sources/snapshot', 'dist/snapshot', { recursive: true });

// The library bundle (pure model + loader + snapshot) for benchmarks and scripts.
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/lib.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@aws-sdk/*', '@napi-rs/canvas', 'playwright-core', 'chart.js', 'chart.js/*', 'exceljs'],
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
});

// The what-if page's browser bundle: the pure model and renderers, inlined by `lokiplan whatif`.
// It loads the scenario document as the CLI does (src/scenario/load.ts): node:path resolves to a
// POSIX path module for the page's virtual paths, mathjs to its units only.
await build({
  entryPoints: ['src/whatif/page-app.ts'],
  outfile: 'dist/whatif-app.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  plugins: [mathjsUnitsOnly],
  alias: { 'node:path': './src/whatif/page-path.ts' },
  logLevel: 'warning',
});
