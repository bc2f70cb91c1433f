import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

interface LintMessage {
  ruleId: string | null;
  line: number;
}

/** Lints `code` as if it lived at `filePath`, through the real ESLint CLI and project config. */
function lintAs(filePath: string, code: string): LintMessage[] {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/eslint/bin/eslint.js'),
      '--stdin',
      '--stdin-filename',
      filePath,
      '--format',
      'json',
    ],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [report] = JSON.parse(result.stdout) as Array<{ messages: LintMessage[] }>;
  return (report?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports');
}

const forbidden = [
  "import twilio from 'twilio';",
  "import { Server } from 'socket.io';",
  "import { TurnContext } from 'botbuilder';",
  "import { WaterfallDialog } from 'botbuilder-dialogs';",
  "import { Queue } from 'bullmq';",
  "import { Redis } from 'ioredis';",
  "import Fastify from 'fastify';",
  "import formBody from '@fastify/formbody';",
  "import { createLogger } from '../../infra/logger';",
];
const usage =
  'export const used = [twilio, Server, TurnContext, WaterfallDialog, Queue, Redis, Fastify, formBody, createLogger];\n';

/** The lint rule that keeps src/domain/ free of channel and transport SDKs must actually fire. */
describe('domain import boundary', () => {
  it('refuses every channel and transport SDK, and the outer layers, inside src/domain', () => {
    const messages = lintAs('src/domain/catalog/example.ts', `${forbidden.join('\n')}\n${usage}`);
    expect(messages.map((message) => message.line)).toEqual(forbidden.map((_, index) => index + 1));
  });

  it('allows the domain its own libraries', () => {
    const code =
      "import { z } from 'zod';\nimport { Query } from 'mingo';\nexport const used = [z, Query];\n";
    expect(lintAs('src/domain/catalog/example.ts', code)).toEqual([]);
  });

  it('leaves the connectors free to use the SDKs', () => {
    expect(
      lintAs(
        'src/connectors/twilio/example.ts',
        `${forbidden.slice(0, 8).join('\n')}\n${usage.replace(', createLogger', '')}`,
      ),
    ).toEqual([]);
  });
});
