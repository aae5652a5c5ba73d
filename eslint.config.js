// One lint setup for the whole repository. Besides typescript-eslint's strict rules it enforces
// the layering of ../shared/DESIGN.md with `no-restricted-imports`, so an import that crosses a
// layer the wrong way fails CI instead of waiting for a reviewer:
//   renderer/        its own code, TYPES from the IPC contract (electron/ipc) + ipc/wire.ts
//   electron/ipc/    the contract: browser-safe (no Node, no electron), except ipc/server/
//   electron/core/   pure Node: never `electron`, never main/preload/bridge
//   electron/bridge, electron/cli: Node without `electron`, never main
//   native/          nothing from electron/
// ESLint cannot resolve paths, so the rules match import strings: `(^|/)electron/<layer>/` for
// paths that name the layer, `^(\.\./)+<layer>/` for relative paths that climb into a sibling.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const noNode = [
  { regex: '^node:', message: 'Node modules are not available here (browser-safe layer).' },
  {
    regex: `^(${nodeBuiltins.map((m) => m.replace('/', '\\/')).join('|')})(\\/.*)?$`,
    message: 'Node modules are not available here (browser-safe layer).',
  },
];
const noElectron = {
  regex: '^electron(/.*)?$',
  message: 'Only electron/main and electron/preload may import Electron.',
};
/** Layers named by path or reached by climbing out of a sibling folder. */
const layer = (names, message) => ({
  regex: `((^|/)electron/(${names})(/|$))|(^(\\.\\./)+(${names})(/|$))`,
  message,
});

const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'native/build/**',
      'cache/**',
      'models/mediapipe/**',
      'test-results/**',
      'playwright-report/**',
      'out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...tseslint.configs.stylistic,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Renderer: browser code, React hooks rules, only the contract's types from electron/.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ...noNode,
        noElectron,
        layer(
          'main|preload|bridge|core|cli|ipc/server',
          'The renderer talks to Node only through renderer/src/api.ts and the IPC contract.',
        ),
        {
          regex: '(^|/)electron/ipc/(?!wire(\\.js)?$)',
          allowTypeImports: true,
          message:
            'The renderer may import only TYPES from the IPC contract (`import type`), ' +
            'and electron/ipc/wire.js at run time.',
        },
        { regex: '(^|/)native(/|$)', message: 'The renderer cannot load the native addon.' },
        { regex: '^(sharp|onnxruntime-node)$', message: 'Node-only package in the renderer.' },
      ),
    },
  },
  // The contract is compiled into the renderer too: it must stay browser-safe.
  {
    files: ['electron/ipc/**/*.ts'],
    ignores: ['electron/ipc/server/**'],
    rules: restrict(
      ...noNode,
      noElectron,
      layer('main|preload|bridge|core|cli|server', 'The IPC contract depends only on zod.'),
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: restrict(
      noElectron,
      layer('main|preload|bridge|cli', 'core is pure Node, used by main, CLI and bridge alike.'),
    ),
  },
  {
    files: ['electron/bridge/**/*.ts', 'electron/cli/**/*.ts'],
    rules: restrict(
      noElectron,
      layer('main|preload', 'The bridge and the CLI run in plain Node without Electron.'),
    ),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(
      ...noNode,
      layer(
        'main|bridge|core|cli|ipc/server',
        'The sandboxed preload may use only electron and the IPC contract.',
      ),
    ),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict(layer('bridge|preload|cli', 'main wires core services into Electron.')),
  },
  {
    files: ['native/**/*.ts'],
    rules: restrict(noElectron, {
      regex: '(^|/)electron(/|$)',
      message: 'native/ is below electron/: it must not import from it.',
    }),
  },
);
