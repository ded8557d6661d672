/**
 * Installable anywhere (issue 15 item 4): `npm pack` gives a tarball that installs in an empty
 * directory and runs `lokiplan plan` on a scenario written there. Offline: the empty directory
 * gets a lock file made from ours (production packages only), so `npm ci --offline` installs the
 * exact versions the project is tested with from the npm cache that `npm ci` filled. A dependency
 * the bundle needs at run time but package.json does not declare fails here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'lokiplan-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });

interface LockEntry { version?: string; resolved?: string; dev?: boolean; devOptional?: boolean; optional?: boolean; link?: boolean }

/** Our lock's production packages, for an app that depends only on the tarball. */
function appLock(tarball: string) {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { lokiplan: `file:${tarball}` } },
    'node_modules/lokiplan': { version: pkg['version'], resolved: `file:${tarball}`, dependencies: pkg['dependencies'], bin: pkg['bin'], engines: pkg['engines'] },
  };
  for (const [k, v] of Object.entries(lock.packages)) {
    if (!k || v.dev || v.link || (v.devOptional && !v.optional)) continue;
    const name = k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // the registry address is the cache key of the tarball `npm ci` stored; offline, nothing is fetched
    packages[k] = { ...v, resolved: v.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${v.version}.tgz` };
  }
  return { name: 'app', lockfileVersion: 3, requires: true, packages };
}

describe('npm pack, install in an empty directory, run', () => {
  it('the tarball holds the CLI and nothing of the sources or tests', () => {
    const out = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = out[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/lokiplan.js');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files.filter((f) => /^(src|test|scenarios|reports)\//.test(f))).toEqual([]);
    expect(existsSync(join(tmp, out[0]!.filename))).toBe(true);
  }, 60000);

  it('installs offline and plans a scenario there, with every report format', () => {
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
    const app = join(tmp, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { lokiplan: `file:../${tarball}` } }));
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify(appLock(`../${tarball}`), null, 2));
    npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app);
    writeFileSync(join(app, 'mine.yaml'), 'name: packed\nregion: us-east-1\ningest: { volume: 1 TB/day }\nretention: 30d\n');
    const bin = join(app, 'node_modules/.bin/lokiplan');
    const plan = execFileSync(bin, ['plan', 'mine.yaml'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    // the default deployment (simple-scalable over zones) does not survive a zone loss: the one verdict says so
    expect(plan).toMatch(/^packed\n  meets target: (yes|NO); total \$[\d,]+\.\d\d a month/);
    // --out draws the chart PNGs and inlines Chart.js: the run-time dependencies resolve from the install
    execFileSync(bin, ['plan', 'mine.yaml', '--out', 'reports'], { cwd: app, encoding: 'utf8' });
    expect(readdirSync(join(app, 'reports/mine')).sort()).toEqual(expect.arrayContaining(['cost-by-category.png', 'plan.json', 'report.html', 'summary.md']));
  }, 240000);
});
