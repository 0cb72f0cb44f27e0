import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Which kind of lib each kind of project may import; specs of apps may also use the testing lib. */
function boundaries(forSpecs) {
  const testing = forSpecs ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:runtime', 'type:data-access', 'type:util', 'type:contracts', ...testing] },
      { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts'] },
      { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts'] },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts', 'type:runtime'] },
    ],
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.run/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in *.config.ts or instrumentation.ts.',
        },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*'], message: 'Import other projects by their @mlops/* alias.' }] }],
    },
  },
  {
    files: [
      '**/*.config.ts',
      '**/instrumentation.ts',
      'libs/testing/**/*.ts',
      'scripts/**/*.ts',
      'test/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['apps/*/test/**/*.ts', 'tools/*/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: '.only must not be committed.' },
        { object: 'it', property: 'only', message: '.only must not be committed.' },
        { object: 'test', property: 'only', message: '.only must not be committed.' },
      ],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
