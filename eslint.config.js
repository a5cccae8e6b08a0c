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
  ...(pluginQuery.configs['flat/recommended-strict'] ?? pluginQuery.configs['flat/recommended']),
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      // Type-aware rules: a promise nobody awaits or handles is a lost error.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
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
  // The domain is pure; the contract is the API's shapes over the domain. Both sides import them.
  {
    files: ['domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'zod', 'zod/*', '**/contract/**', '**/src/**', '**/server/**', '**/mocks/**'] },
      ],
    },
  },
  {
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', '**/src/**', '**/server/**', '**/mocks/**'],
              message: 'The contract imports only the domain and zod.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/features/**', 'src/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**'],
              message: 'The console reaches the server through the API only; share code through contract/ or domain/.',
            },
          ],
        },
      ],
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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'Only server/main.ts and server/node/ may use Node: the backend app runs in the browser too.',
            },
            {
              group: ['**/src/**', '**/mocks/**'],
              message: 'The server imports contract/ and domain/, never the console (src/) or the demo (mocks/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/main.ts', 'server/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/mocks/**'],
              message: 'The server imports contract/ and domain/, never the console (src/) or the demo (mocks/).',
            },
          ],
        },
      ],
    },
  },
);
