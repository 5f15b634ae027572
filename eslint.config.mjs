// Lint rules with teeth: Nx module boundaries as real constraints between apps and libraries.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

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
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Contracts are the shared language: they depend on no library of ours.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            // Domain libraries: pure rules shared by services (e.g. who is on duty); contracts only.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Infrastructure libraries use contracts and each other, never an app or the test kit.
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            // Apps build on libraries; an app never imports another app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:testing'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:case-coordination', onlyDependOnLibsWithTags: ['scope:shared', 'scope:case-coordination'] },
            { sourceTag: 'scope:fund-proposals', onlyDependOnLibsWithTags: ['scope:shared', 'scope:fund-proposals'] },
            { sourceTag: 'scope:training-events', onlyDependOnLibsWithTags: ['scope:shared', 'scope:training-events'] },
            { sourceTag: 'scope:notifications', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notifications'] },
            { sourceTag: 'scope:directory', onlyDependOnLibsWithTags: ['scope:shared', 'scope:directory'] },
          ],
        },
      ],
    },
  },
  {
    // Tests may use the test kit from any library; production code may not.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts', '**/cli/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': 'off',
      'no-console': 'off',
    },
  },
  prettier,
);
