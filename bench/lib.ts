/** Small measuring helpers shared by the benchmarks. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface Throughput {
  operations: number;
  seconds: number;
  perSecond: number;
}

/** Runs `operation` sequentially for about `durationMs` (after a short warm-up) and reports ops/s. */
export async function measureThroughput(
  operation: (iteration: number) => unknown,
  durationMs = 2000,
): Promise<Throughput> {
  const warmupUntil = performance.now() + Math.min(300, durationMs / 5);
  let iteration = 0;
  while (performance.now() < warmupUntil) await operation(iteration++);
  const started = performance.now();
  const until = started + durationMs;
  let operations = 0;
  while (performance.now() < until) {
    await operation(iteration++);
    operations++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { operations, seconds, perSecond: operations / seconds };
}

export function percentile(sortedOrUnsorted: number[], p: number): number {
  const sorted = [...sortedOrUnsorted].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export interface Row {
  figure: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  /** How the ratio reads: `slower` = value is a cost (baseline/value inverted), `faster` = higher is better. */
  target?: string;
}

/** Prints rows as `figure  value unit  | baseline value  | ratio`. Ratio is always "how many times worse than the baseline". */
export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const lines = rows.map((row) => {
    const ratio = row.unit.endsWith('/s') ? row.baseline / row.value : row.value / row.baseline;
    return [
      row.figure.padEnd(44),
      `${formatNumber(row.value)} ${row.unit}`.padStart(18),
      `${row.baselineName}: ${formatNumber(row.baseline)} ${row.unit}`.padStart(36),
      `ratio ${ratio.toFixed(2)}x`.padStart(14),
      row.target ? `  target ${row.target}` : '',
    ].join('  ');
  });
  console.log(lines.join('\n'));
}

function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 3);
}

/**
 * Starts `script` again as an app node of its own (the script knows it is one by `env`) and
 * resolves with the URL it prints as `{"url": ...}` on a line of its stdout. Its stdin is a pipe
 * the node watches: when the bench ends, however it ends, the node ends too.
 */
export async function spawnBenchNode(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('app node not ready in 60 s')), 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // not ours
      }
    });
    child.once('exit', (code) => reject(new Error(`app node exited with ${code}`)));
  });
  return { child, url };
}
