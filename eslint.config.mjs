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

/**
 * A channel's behaviour lives in its registry entry (src/domain/shared/channel.ts), so a comparison
 * of a channel with a name, or a switch over channel names, is a place a new channel would be
 * forgotten. Its own connector and the registry may name it; everything else reads the registry.
 */
const channelNameComparison =
  'read the channel registry (describeChannel) instead of comparing channel names';
const channelOperand = '/^(channel|[a-z][A-Za-z]*Channel)$/';
const channelNameComparisons = [
  `BinaryExpression[operator=/^[!=]==?$/][left.name=${channelOperand}][right.type='Literal']`,
  `BinaryExpression[operator=/^[!=]==?$/][left.property.name=${channelOperand}][right.type='Literal']`,
  `BinaryExpression[operator=/^[!=]==?$/][right.name=${channelOperand}][left.type='Literal']`,
  `BinaryExpression[operator=/^[!=]==?$/][right.property.name=${channelOperand}][left.type='Literal']`,
  `SwitchStatement[discriminant.name=${channelOperand}]`,
  `SwitchStatement[discriminant.property.name=${channelOperand}]`,
].map((selector) => ({ selector, message: channelNameComparison }));

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
  {
    files: ['src/**/*.ts'],
    ignores: ['src/domain/shared/channel.ts', 'src/connectors/**', 'src/seed/**'],
    rules: { 'no-restricted-syntax': ['error', ...channelNameComparisons] },
  },
);
