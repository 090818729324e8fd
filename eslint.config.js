import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'test-results/', 'bench-results/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      // The site uses no eval in any form (DESIGN.md; also forbidden by the CSP).
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tooling, tests and benchmarks run in Node.
    files: ['*.{js,mjs,ts}', 'scripts/**', 'test/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The engine is pure math: importable from Node, a Worker and tests, so no DOM or UI libraries.
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react', message: 'src/engine is DOM- and UI-free.' },
            { name: 'react-dom', message: 'src/engine is DOM- and UI-free.' },
            { name: 'd3', message: 'src/engine is DOM- and UI-free.' },
            { name: 'zustand', message: 'src/engine is DOM- and UI-free.' },
          ],
          patterns: [
            {
              group: ['react/*', 'react-dom/*', 'd3-*', 'zustand/*'],
              message: 'src/engine is DOM- and UI-free.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'src/engine must run in Node and in a Worker.' },
        { name: 'document', message: 'src/engine must run in Node and in a Worker.' },
      ],
    },
  },
);
