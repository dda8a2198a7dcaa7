import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import config from '../codegen.js';
import { schema } from '../src/schema/index.js';

/**
 * `schema.graphql` and the typed example operations are committed for clients and reviewers; they
 * must be what `npm run codegen` would write from the Pothos schema today.
 */
describe('generated files match the code', () => {
  it('schema.graphql and examples/generated/ are what `npm run codegen` writes', async () => {
    // The same codegen configuration, fed the live schema instead of loading the TS module.
    const outputs = await generate({ ...config, schema: printSchema(schema), silent: true }, false);
    expect(outputs.map((o: { filename: string }) => o.filename)).toContain('schema.graphql');
    for (const output of outputs) {
      const committed = await readFile(output.filename, 'utf8').catch(() => '(missing)');
      expect(committed, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  });
});
