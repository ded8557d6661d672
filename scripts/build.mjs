// Bundle the CLI with esbuild: one ESM file that starts fast (only the units part of mathjs,
// no AWS SDK until a command needs it). Run by `npm ci` through `prepare`.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

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
  banner: {
    js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  },
  external: ['@aws-sdk/*', '@napi-rs/canvas', 'playwright-core', 'chart.js', 'chart.js/*'],
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);

// The library bundle (pure model + loader + snapshot) for benchmarks and scripts.
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/lib.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@aws-sdk/*', '@napi-rs/canvas', 'playwright-core', 'chart.js', 'chart.js/*'],
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
});

// The what-if page's browser bundle: the pure model and renderers, inlined by `lokiplan whatif`.
await build({
  entryPoints: ['src/whatif/page-app.ts'],
  outfile: 'dist/whatif-app.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
