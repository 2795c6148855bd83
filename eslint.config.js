import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/e2e/artifacts/**', '.helpers/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // ESLint's own rule: it reads the module names as written, which is all this codebase needs,
      // without adding eslint-plugin-import and its resolver.
      'no-duplicate-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // The core must run under plain Node: only the desktop shell and the preload may import Electron.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src-main/shell may import electron.' }] }],
    },
  },
  {
    // The dependency direction: the renderer reaches main only through the contract (src-preload),
    // whose shared values (src-preload/shared) both sides import. Its values come from
    // contract-values.ts: a value import of contract.ts would bring zod (and its schemas) back
    // into the window's bundle.
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src-main(/|$)',
              message: 'The renderer talks to main through the contract; shared code lives in src-preload/shared.',
            },
            {
              regex: 'src-preload/contract$',
              allowTypeImports: true,
              message: 'Import values from src-preload/contract-values; only types from the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract and its shared code are imported by both sides, so they import neither main nor
    // Electron; only the preload's entry, which exposes the bridge, touches Electron.
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-preload/index.ts may import electron.' }],
          patterns: [
            { regex: '(^|/)src-main(/|$)', message: 'Main imports the contract, never the other way round.' },
            { regex: '(^|/)src-renderer(/|$)', message: 'The window imports the contract, never the other way round.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)src-main(/|$)', message: 'Main imports the contract, never the other way round.' }] },
      ],
    },
  },
)
