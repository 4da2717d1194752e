// `npm run lint:async` (part of `npm test`): every store function returns a Promise (README, Architecture), so a
// forgotten `await` is the bug that async stores invite: a write that may still be running when the answer goes
// out, an error nobody sees, or `if (versionExists(...))` that is always true. Only those rules are checked here;
// style is left to review.
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['node_modules/', 'dist/', 'data/', '.tmp/', 'test-results/', 'playwright-report/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A Promise in a condition or a spread, or an async function handed to code that calls it synchronously and
      // ignores what it returns (a callback run inside a synchronous transaction, a timer), is a bug; Hono's and
      // vitest's async handlers are typed as such and pass.
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
];
