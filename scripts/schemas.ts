// Write the JSON Schemas of the files people write to schemas/ (shipped in the package).
// test/schema.test.ts fails when these files differ from what the code generates.
import { writeFileSync } from 'node:fs';
import { SCHEMA_NAMES, schemaText } from '../src/scenario/json-schema.js';

for (const n of SCHEMA_NAMES) writeFileSync(`schemas/${n}.schema.json`, schemaText(n));
console.log(`wrote schemas/ (${SCHEMA_NAMES.join(', ')})`);
