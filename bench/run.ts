/**
 * `npm run bench -- NAME` runs bench/NAME.ts. Each benchmark prints its figure beside a baseline
 * measured in the same run, as a ratio, because absolute timings on shared machines mean little.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

async function main(): Promise<void> {
  const available = readdirSync(__dirname)
    .filter((file) => file.endsWith('.ts') && !['run.ts', 'lib.ts'].includes(file))
    .map((file) => file.replace(/\.ts$/, ''));
  const name = process.argv[2];
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- <${available.join('|')}>`);
    process.exit(2);
  }
  const bench = (await import(path.join(__dirname, `${name}.ts`))) as {
    run: (args: string[]) => Promise<void>;
  };
  await bench.run(process.argv.slice(3));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
