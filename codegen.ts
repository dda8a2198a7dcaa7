import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: prints the Pothos schema to `schema.graphql` (committed; the tests fail when it
 * drifts) and types the example operations in `examples/` for clients, and the web app's in `web/src/`.
 */
const config: CodegenConfig = {
  schema: './src/schema/index.ts',
  ignoreNoDocuments: false,
  generates: {
    'schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, commentDescriptions: false, sort: true },
    },
    'examples/generated/': {
      documents: ['examples/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // `.js` in relative imports, as Node's ESM resolution (and our tsconfig) wants.
      config: { enumsAsTypes: true, useTypeImports: true, emitLegacyCommonJSImports: false, scalars: { DateTime: 'string' } },
    },
    // The web app (web/): documents as typed strings, so the bundle carries no GraphQL parser.
    'web/src/generated/': {
      documents: ['web/src/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
