import { OpenHandoverMemo } from '../../../../src/domain/handovers/open-handover-memo';
import type { Handover } from '../../../../src/domain/handovers/handover';
import type { PartyRef } from '../../../../src/domain/shared/party';

describe('the open handover memo', () => {
  const held = { id: 'hnd-1', status: 'waiting' } as unknown as Handover;

  function setup() {
    const open = new Map<string, Handover>();
    const asked: string[] = [];
    let now = 0;
    const memo = new OpenHandoverMemo(
      async (party: PartyRef) => {
        const key = party.customerId ?? party.visitorId ?? '';
        asked.push(key);
        return open.get(key);
      },
      { ttlMs: 1000, maxEntries: 2 },
      () => now,
    );
    return { memo, open, asked, advance: (ms: number) => (now += ms) };
  }

  it('remembers "none open" until a change of hers is heard', async () => {
    const { memo, open, asked } = setup();
    expect(await memo.holding({ visitorId: 'v1' })).toBeUndefined();
    expect(await memo.holding({ visitorId: 'v1' })).toBeUndefined();
    expect(asked).toEqual(['v1']);
    open.set('v1', held);
    memo.forget({ visitorId: 'v1' });
    expect(await memo.holding({ visitorId: 'v1' })).toBe(held);
    // An open one is always read again.
    expect(await memo.holding({ visitorId: 'v1' })).toBe(held);
    expect(asked).toEqual(['v1', 'v1', 'v1']);
  });

  it('asks again once the bound passes, and when the memo is full', async () => {
    const { memo, asked, advance } = setup();
    await memo.holding({ customerId: 'c1' });
    advance(1001);
    await memo.holding({ customerId: 'c1' });
    await memo.holding({ customerId: 'c2' });
    await memo.holding({ customerId: 'c3' });
    await memo.holding({ customerId: 'c1' });
    expect(asked).toEqual(['c1', 'c1', 'c2', 'c3', 'c1']);
  });

  it('does not remember an answer read while a change was heard', async () => {
    const open = new Map<string, Handover>();
    let calls = 0;
    const memo: OpenHandoverMemo = new OpenHandoverMemo(
      async () => {
        calls += 1;
        const answer = open.get('v1');
        // The handover opens (and is announced) while this read is in flight.
        open.set('v1', held);
        memo.forget({ visitorId: 'v1' });
        return answer;
      },
      { ttlMs: 60_000, maxEntries: 10 },
    );
    expect(await memo.holding({ visitorId: 'v1' })).toBeUndefined();
    expect(await memo.holding({ visitorId: 'v1' })).toBe(held);
    expect(calls).toBe(2);
  });
});
