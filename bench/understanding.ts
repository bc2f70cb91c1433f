/**
 * How well the bot understands customers it was not trained on.
 *
 * 1. Intent accuracy on the held-out phrasings (test/fixtures/understanding), per channel, beside
 *    the accuracy on the training corpus itself, measured with the same model in the same run: the
 *    ratio says how much of what the model learnt carries over to words nobody on the team wrote.
 * 2. Entity accuracy on the held-out lines that name an offer or a value.
 * 3. The held-out multi-turn flows, played against the real bot on the real domain (embedded
 *    MongoDB, a throwaway Redis): how many complete, and how many turns crashed or were not understood.
 *
 * `npm run bench -- understanding [--quiet]` (misses and failed flows are listed unless --quiet).
 */
import { LanguageUnderstanding, loadEnglishCorpus } from '../src/bot/understanding';
import type { Understanding } from '../src/bot/understanding';
import { startAppNode } from '../test/integration/bot/bot-harness';
import { startThrowawayRedis } from '../src/infra/redis/resolve-redis';
import { DEMO_CONTEXT } from '../test/fixtures/understanding/catalog-context';
import { HELD_OUT_FLOWS } from '../test/fixtures/understanding/flows';
import { HELD_OUT_PHRASINGS } from '../test/fixtures/understanding/phrasings';
import type { HeldOutChannel, HeldOutPhrasing } from '../test/fixtures/understanding/phrasings';
import { runFlow } from '../test/fixtures/understanding/run-flows';
import type { Row } from './lib';
import { printTable } from './lib';

const CHANNELS: readonly HeldOutChannel[] = ['sms', 'webchat', 'voice'];

function entitiesRight(line: HeldOutPhrasing, understood: Understanding): boolean {
  if (line.offering && understood.entities.offering?.name !== line.offering) return false;
  for (const [name, value] of Object.entries(line.values ?? {})) {
    const found = understood.entities.characteristics.find((match) => match.name === name);
    if (found?.value !== value) return false;
  }
  return true;
}

async function trainingAccuracy(language: LanguageUnderstanding): Promise<number> {
  const corpus = loadEnglishCorpus();
  let right = 0;
  let total = 0;
  for (const [intent, lines] of Object.entries(corpus.intents)) {
    for (const line of lines) {
      total += 1;
      if ((await language.understand(line, DEMO_CONTEXT)).intent === intent) right += 1;
    }
  }
  return right / total;
}

export async function run(args: string[]): Promise<void> {
  const quiet = args.includes('--quiet');
  const language = await LanguageUnderstanding.train(loadEnglishCorpus());
  const training = await trainingAccuracy(language);

  const misses: string[] = [];
  const byChannel = new Map<HeldOutChannel, { right: number; total: number }>();
  let entityLines = 0;
  let entityRight = 0;
  for (const line of HELD_OUT_PHRASINGS) {
    const understood = await language.understand(line.text, DEMO_CONTEXT);
    const tally = byChannel.get(line.channel) ?? { right: 0, total: 0 };
    tally.total += 1;
    if (understood.intent === line.intent) tally.right += 1;
    else
      misses.push(`${line.channel}: "${line.text}" → ${understood.intent} (want ${line.intent})`);
    byChannel.set(line.channel, tally);
    if (line.offering || line.values) {
      entityLines += 1;
      if (entitiesRight(line, understood)) entityRight += 1;
      else {
        const got = understood.entities;
        misses.push(
          `${line.channel}: "${line.text}" entities ${got.offering?.name ?? '-'} ${JSON.stringify(got.characteristics.map((c) => [c.name, c.value]))}`,
        );
      }
    }
  }
  const all = [...byChannel.values()].reduce(
    (sum, tally) => ({ right: sum.right + tally.right, total: sum.total + tally.total }),
    { right: 0, total: 0 },
  );
  const rows: Row[] = [
    ...CHANNELS.map((channel) => {
      const tally = byChannel.get(channel) ?? { right: 0, total: 1 };
      return {
        figure: `held-out intent accuracy, ${channel} (${tally.total} lines)`,
        value: (100 * tally.right) / tally.total,
        unit: '%',
        baselineName: 'training set',
        baseline: 100 * training,
        target: '>= 95%',
      };
    }),
    {
      figure: `held-out intent accuracy, all (${all.total} lines)`,
      value: (100 * all.right) / all.total,
      unit: '%',
      baselineName: 'training set',
      baseline: 100 * training,
      target: '>= 95%',
    },
    {
      figure: `held-out entity accuracy (${entityLines} lines)`,
      value: (100 * entityRight) / Math.max(1, entityLines),
      unit: '%',
      baselineName: 'training set intents',
      baseline: 100 * training,
    },
  ];
  printTable('Understanding: held-out phrasings vs the training corpus', rows);
  if (!quiet && misses.length > 0) console.log(`\nmisses:\n  ${misses.join('\n  ')}`);

  const redis = await startThrowawayRedis();
  process.env.REDIS_URL = redis.url;
  // The test runtime reads REDIS_URL when it builds its configuration, at start.
  const node = await startAppNode({ env: { PROVISIONING_BASE_URL: 'http://127.0.0.1:9' } });
  try {
    const flowRows: Row[] = [];
    const failed: string[] = [];
    let stuck = 0;
    let turns = 0;
    for (const channel of CHANNELS) {
      const flows = HELD_OUT_FLOWS.filter((flow) => flow.channel === channel);
      let completed = 0;
      for (const flow of flows) {
        const result = await runFlow(node, flow);
        turns += flow.messages.length;
        stuck += result.stuckTurns;
        if (result.completed) completed += 1;
        else
          failed.push(
            `${flow.name}: ${result.failures.join('; ')}\n    ${result.lines.join('\n    ')}`,
          );
      }
      flowRows.push({
        figure: `flows completed, ${channel}`,
        value: completed,
        unit: 'flows',
        baselineName: 'written',
        baseline: flows.length,
        target: 'all',
      });
    }
    flowRows.push({
      figure: 'crashed or "could not answer" turns',
      value: stuck,
      unit: 'turns',
      baselineName: 'turns played',
      baseline: turns,
      target: '0',
    });
    printTable('Understanding: held-out multi-turn flows on the real bot', flowRows);
    if (!quiet && failed.length > 0) console.log(`\nfailed flows:\n  ${failed.join('\n  ')}`);
  } finally {
    await node.runtime.stop();
    await redis.stop();
  }
}
