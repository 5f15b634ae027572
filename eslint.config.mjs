// Lint rules with teeth: Nx module boundaries as real constraints between apps and libraries.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Code that runs only under Jest or as a test's fixture: the specs and their helpers (a project's test/ or src/testing/). */
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'apps/*/test/**/*.ts', '**/src/testing/**/*.ts'];

/**
 * Nx module boundaries. `tests` adds the test kit (`type:testing`) to what apps and libraries may import;
 * nothing else differs between production code and tests. e2e/ and bench/ are projects of their own
 * that drive the services as processes: they use libraries through their public entry points (`@ctip/*`),
 * never an app's files, and nothing imports them.
 */
function moduleBoundaries({ tests }) {
  const testKit = tests ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      // The test kit uses the infrastructure libraries, whose own tests use the test kit; production code
      // cannot import the kit (the constraints below), so a cycle through it only ever runs through a test.
      ignoredCircularDependencies: [
        ['tag:type:testing', 'tag:type:contracts'],
        ['tag:type:testing', 'tag:type:util'],
      ],
      depConstraints: [
        // Contracts are the shared language: they depend on no library of ours.
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [...testKit] },
        // Domain libraries: pure rules shared by services (e.g. who is on duty); contracts only.
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', ...testKit] },
        // Infrastructure libraries use contracts and each other, never an app.
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', ...testKit] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
        // Apps build on libraries; an app never imports another app.
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', ...testKit] },
        // End-to-end tests and the benchmark drive the services as processes: libraries only, nothing depends on them.
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
        { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:case-coordination', onlyDependOnLibsWithTags: ['scope:shared', 'scope:case-coordination'] },
        { sourceTag: 'scope:fund-proposals', onlyDependOnLibsWithTags: ['scope:shared', 'scope:fund-proposals'] },
        { sourceTag: 'scope:training-events', onlyDependOnLibsWithTags: ['scope:shared', 'scope:training-events'] },
        { sourceTag: 'scope:notifications', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notifications'] },
        { sourceTag: 'scope:directory', onlyDependOnLibsWithTags: ['scope:shared', 'scope:directory'] },
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:shared'] },
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.infra/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // No consistent-type-imports: Nest's injection reads constructor types from decorator metadata,
      // which needs value imports.
      'no-console': ['error', { allow: ['error'] }],
      '@nx/enforce-module-boundaries': moduleBoundaries({ tests: false }),
      // Within a project the boundary rule does not look: a test helper folder is off limits to production code.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/testing/*', '**/test/*'], message: 'test helpers are for tests only' }] },
      ],
    },
  },
  {
    // Tests may use the test kit; production code may not. The boundaries stay checked for tests otherwise.
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ tests: true }), 'no-restricted-imports': 'off' },
  },
  {
    // Command-line tools, tests and the benchmark print to the terminal.
    files: [...TEST_FILES, 'bench/**/*.ts', '**/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
