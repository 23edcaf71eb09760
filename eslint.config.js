import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'cdktf.out.*/', 'dags/', 'etl/', 'bench/**/results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // tsconfig has noUncheckedIndexedAccess; `!` after a checked index is the readable way to say so.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The provider root barrel loads ~1500 modules; always import from lib/<resource>.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message: "Import from '@cdktf/provider-aws/lib/<resource>' instead.",
            },
          ],
        },
      ],
    },
  },
);
