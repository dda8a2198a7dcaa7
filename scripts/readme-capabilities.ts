/** Rewrites the README's capability table from the registry (`npm run codegen` runs it). */
import { readFileSync, writeFileSync } from 'node:fs';
import { capabilityTable } from '../src/capabilities/table.js';

const path = new URL('../README.md', import.meta.url);
const lines = readFileSync(path, 'utf8').split('\n');
const start = lines.findIndex((line) => line.startsWith('| mutation | capability |'));
if (start < 0) throw new Error('README.md has no capability table (a line starting "| mutation | capability |")');
let end = start;
while (end < lines.length && lines[end]!.startsWith('|')) end++;
lines.splice(start, end - start, ...capabilityTable().split('\n'));
writeFileSync(path, lines.join('\n'));
