import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** The lines of `code`, linted as if it lived at `filePath`, where the channel-name rule fires. */
function flaggedLines(filePath: string, code: string): number[] {
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
  const [report] = JSON.parse(result.stdout) as Array<{
    messages: Array<{ ruleId: string | null; line: number }>;
  }>;
  return (report?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-syntax')
    .map((message) => message.line);
}

const comparisons = [
  "export const a = (channel: string) => channel === 'sms';",
  "export const b = (h: { channel: string }) => h.channel !== 'webchat';",
  "export const c = (replyChannel: string) => 'whatsapp' == replyChannel;",
  'export const d = (channel: string) => { switch (channel) { default: return 1; } };',
  "export const e = (v: { party: { channel: string } }) => v.party.channel === 'voice';",
].join('\n');

/** A new channel is forgotten wherever a channel is compared with a name: the rule must see it. */
describe('channel names outside the registry', () => {
  it('are refused in the bot, assist and the domain', () => {
    for (const file of ['src/bot/example.ts', 'src/assist/example.ts', 'src/domain/x/example.ts']) {
      expect(flaggedLines(file, `${comparisons}\n`)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('are allowed in the registry itself and in a connector', () => {
    expect(flaggedLines('src/domain/shared/channel.ts', `${comparisons}\n`)).toEqual([]);
    expect(flaggedLines('src/connectors/whatsapp/example.ts', `${comparisons}\n`)).toEqual([]);
  });

  it('leave other comparisons alone (roles, authors, reading the registry)', () => {
    const code = [
      "export const f = (role: string) => role === 'agent';",
      "export const g = (d: { agentWrites: string }) => d.agentWrites === 'chat';",
      'export const h = (channel: string, other: string) => channel === other;',
    ].join('\n');
    expect(flaggedLines('src/assist/example.ts', `${code}\n`)).toEqual([]);
  });
});
