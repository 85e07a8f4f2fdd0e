// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';

// Attributes whose text a user reads or hears: they must come from the message files too.
const USER_FACING_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'eslint.config.mjs',
      'jest.config.js',
      'scripts/*.js',
      'test/support/jest-shims/*.js',
      'test/web/harness/*.cjs',
      'web/src/lib/api/schema.d.ts',
      // Typechecked by web/tsconfig.node.json; the project service would parse it without Vite's types.
      'web/vite.config.mts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // supertest's request(app.getHttpServer()) is typed `any` by Nest; response bodies are `any` too.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // The web app: React, hooks and accessibility rules, and no literal user-facing text in components.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ...react.configs.flat.recommended,
    settings: { react: { version: '19.0' } },
  },
  { files: ['web/src/**/*.{ts,tsx}'], ...react.configs.flat['jsx-runtime'] },
  { files: ['web/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  { files: ['web/src/**/*.{ts,tsx}'], ...jsxA11y.flatConfigs.strict },
  {
    files: ['web/src/**/*.tsx'],
    rules: {
      // Text between tags comes from t(); only punctuation and whitespace may be literal.
      'react/jsx-no-literals': [
        'error',
        { noStrings: false, ignoreProps: true, allowedStrings: ['·', '–', '—', ':', '(', ')', ' '] },
      ],
      'no-restricted-syntax': [
        'error',
        ...USER_FACING_ATTRIBUTES.map((name) => ({
          selector: `JSXAttribute[name.name='${name}'] > Literal`,
          message: `A literal ${name} is user-facing text: take it from the message files (t()).`,
        })),
      ],
      'react/prop-types': 'off',
    },
  },
);
