/**
 * Docs and help that agree (issue 15 item 6): the README's Commands block is what the CLI offers,
 * every command's --help has an example and marks its required options, and no option shows two
 * defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram, run, runContext } from '../src/cli.js';
import { commandPath, EXAMPLES, leafCommands, synopsis } from '../src/commands/help.js';
import { ROOT } from './helpers.js';

const program = () => buildProgram(runContext({ stdout: () => {}, stderr: () => {}, env: {} }), () => {});
async function help(path: string): Promise<string> {
  let out = '';
  await run([...path.split(' '), '--help'], { stdout: (s) => void (out += s), stderr: (s) => void (out += s), env: {} });
  return out;
}

describe('README and --help agree', () => {
  it("the README's Commands block is the CLI's own synopsis (every command, every option)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /## Commands\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1];
    expect(block).toBe(synopsis(program()));
  });

  const commands = leafCommands(program()).map(commandPath);
  it('lists every command, including the what-if ones', () => {
    expect(commands).toEqual(expect.arrayContaining(['plan', 'prices refresh', 'prices show', 'actuals', 'check', 'helm-values', 'compare', 'sweep', 'sensitivity', 'growth', 'uncertainty', 'whatif']));
    expect(Object.keys(EXAMPLES).sort()).toEqual([...commands].sort());
  });

  it.each(commands)('%s --help has an example, marks required options and shows one default per option', async (c) => {
    const text = await help(c);
    expect(text).toMatch(new RegExp(`Examples:\\n  \\$ lokiplan ${c} `));
    const cmd = leafCommands(program()).find((x) => commandPath(x) === c)!;
    for (const o of cmd.options) if (o.mandatory) expect(text).toMatch(new RegExp(`${o.long}[^\\n]*[\\s\\S]*?\\(required\\)`));
    const flat = text.replace(/\n\s+/g, ' ');
    for (const line of flat.split(/ (?=-{1,2}[a-z])/)) expect(line.match(/default/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
  });

  it('every example runs its command with options that command has', () => {
    for (const [c, list] of Object.entries(EXAMPLES)) {
      const cmd = leafCommands(program()).find((x) => commandPath(x) === c)!;
      const longs = new Set(cmd.options.map((o) => o.long));
      for (const e of list) {
        expect(e.startsWith(`lokiplan ${c} `)).toBe(true);
        for (const flag of e.match(/(?<=\s)--[a-z-]+/g) ?? []) expect(longs.has(flag), `${e}: ${flag}`).toBe(true);
      }
    }
  });

  it('prices show defaults to the offline snapshot; actuals has no spot window', async () => {
    const option = async (c: string, o: string) => (await help(c)).replace(/\s+/g, ' ').split(/ (?=-{1,2}[a-z])/).find((x) => x.startsWith(o));
    expect(await option('prices show', '--prices <source>')).toMatch(/\(default: "snapshot"\)$/);
    expect(await help('actuals')).not.toMatch(/--spot-days/);
    expect(await option('plan', '--period')).toMatch(/\(default: next calendar month\)$/);
  });
});
