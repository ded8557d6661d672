/** Print one fuzz case (files and argv) for a seed and index: `npx tsx test/fuzz/replay.ts SEED INDEX`. */
import { generateCase } from './cases.js';

const [seed, index] = process.argv.slice(2).map(Number);
const c = generateCase(seed!, index!);
console.log(JSON.stringify({ ...c, files: Object.fromEntries(Object.entries(c.files).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 2000) : `<${v.length} bytes>`])) }, null, 2));
