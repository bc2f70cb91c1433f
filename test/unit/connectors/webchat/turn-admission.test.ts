import { TurnAdmission } from '../../../../src/connectors/webchat/turn-admission';

const limits = {
  maxConcurrentTurns: 2,
  maxQueuedTurns: 2,
  maxQueueWaitMs: 60_000,
  maxEventLoopUtilisation: 1,
};

function held() {
  let release: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { release, turn: () => done };
}

describe('turn admission on one node', () => {
  it('runs at most maxConcurrentTurns at once, in arrival order, and refuses beyond the queue', async () => {
    const admission = new TurnAdmission(limits);
    const started: number[] = [];
    const turns = [0, 1, 2, 3].map(() => held());
    const runs = turns.map((entry, index) => {
      expect(admission.admit()).toBe(true);
      return admission.run(async () => {
        started.push(index);
        await entry.turn();
        return index;
      });
    });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(admission.load).toEqual({ running: 2, queued: 2 });
    // Two running, two waiting: the fifth is refused.
    expect(admission.admit()).toBe(false);

    turns[1]!.release();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    expect(admission.admit()).toBe(true);
    admission.release();

    for (const entry of turns) entry.release();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(admission.load).toEqual({ running: 0, queued: 0 });
    admission.close();
  });

  it('gives a place back when the admitted message is not run (a duplicate), and survives a failing turn', async () => {
    const admission = new TurnAdmission({ ...limits, maxConcurrentTurns: 1, maxQueuedTurns: 0 });
    expect(admission.admit()).toBe(true);
    admission.release();
    expect(admission.admit()).toBe(true);
    await expect(
      admission.run(async () => {
        throw new Error('the turn broke');
      }),
    ).rejects.toThrow('the turn broke');
    expect(admission.load).toEqual({ running: 0, queued: 0 });
    admission.close();
  });
});
