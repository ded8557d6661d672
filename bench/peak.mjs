// Runs the CLI bundle in this process and reports its peak resident memory on stderr (for bench/run.mjs).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

process.argv = [process.argv[0], resolve(import.meta.dirname, '../dist/lokiplan.js'), ...process.argv.slice(2)];
process.on('exit', () => process.stderr.write(`\nLOKIPLAN_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(process.argv[1]).href);
