import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // Node resolves `graphql` to its CommonJS build; Vite would pick the `.mjs` one for our sources while
  // dependencies keep the CommonJS one, and graphql refuses to mix two copies. Resolve as Node does.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: files run in parallel, but servers in one file share nothing with another.
    pool: 'forks',
  },
});
