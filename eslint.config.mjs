// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Channel and transport SDKs that the domain must never see: it talks to them through ports. */
const sdksForbiddenInDomain = [
  'twilio',
  'socket.io',
  'socket.io-client',
  '@socket.io/*',
  'botbuilder',
  'botbuilder-*',
  'bullmq',
  'ioredis',
  'fastify',
  '@fastify/*',
  'express',
];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', '.data/**', 'node_modules/**', 'public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        URL: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        document: 'readonly',
        window: 'readonly',
        localStorage: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: sdksForbiddenInDomain,
              message:
                'src/domain/ must not import channel or transport SDKs; define a port in the domain and adapt it outside.',
            },
            {
              group: ['**/infra/**', '**/connectors/**', '**/bot/**', '**/assist/**'],
              message: 'src/domain/ must not import outer layers.',
            },
          ],
        },
      ],
    },
  },
);
