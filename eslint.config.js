import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';

const FEATURES = ['flows', 'permissions', 'app-permissions', 'auth', 'manage'];

export default tseslint.config(
  { ignores: ['dist', 'dist-demo', 'public/mockServiceWorker.js', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...pluginQuery.configs['flat/recommended-strict'] ?? pluginQuery.configs['flat/recommended'],
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // We do not run the React Compiler, so its notes about libraries it cannot memoize do not apply.
      'react-hooks/incompatible-library': 'off',
    },
  },
  // Imports go one way: app → features → api → domain; no feature imports another.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...FEATURES.filter((other) => other !== feature).map((other) => `../${other}/**`),
                '**/features/**',
                '**/app/**',
                '**/mocks/**',
                '**/server/**',
              ],
              message: 'Features import only api, domain and ui: never another feature, the app, mocks or server.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', '**/api/**', '**/features/**', '**/server/**', '**/mocks/**'] }],
    },
  },
  {
    files: ['src/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/features/**', '**/app/**', '**/server/**', '**/mocks/**'] }],
    },
  },
  {
    files: ['server/**'],
    ignores: ['server/main.ts', 'server/node/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '**/features/**', '**/app/**', '**/mocks/**'] }],
    },
  },
);
