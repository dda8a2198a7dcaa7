import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: prints the Pothos schema to `schema.graphql` (committed; the tests fail when it
 * drifts) and types the example operations in `examples/` for clients.
 */
const config: CodegenConfig = {
  schema: './src/schema/index.ts',
  documents: ['examples/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, commentDescriptions: false, sort: true },
    },
    'examples/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // `.js` in relative imports, as Node's ESM resolution (and our tsconfig) wants.
      config: { enumsAsTypes: true, useTypeImports: true, emitLegacyCommonJSImports: false, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
