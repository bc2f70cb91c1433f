import {
  decodeTimelineCursor,
  encodeTimelineCursor,
  olderThan,
} from '../../../../src/domain/interactions/timeline-cursor';
import { AppError } from '../../../../src/domain/shared/errors';

describe('timeline cursors', () => {
  const position = { occurredAt: new Date('2025-06-01T09:15:30.123Z'), id: 'int_0abc' };

  it('round-trip the position to the millisecond', () => {
    const cursor = encodeTimelineCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimelineCursor(cursor)).toEqual(position);
  });

  it.each([
    'garbage!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1.5,"x"]').toString('base64url'),
    Buffer.from('[1,""]').toString('base64url'),
    Buffer.from('["2025-06-01","x"]').toString('base64url'),
  ])('refuse %p with a 400', (cursor) => {
    expect(() => decodeTimelineCursor(cursor)).toThrow(AppError);
    try {
      decodeTimelineCursor(cursor);
    } catch (error) {
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('select what is strictly older, breaking time ties by id', () => {
    expect(olderThan(position)).toEqual({
      occurredAt: { $lte: position.occurredAt },
      $or: [{ occurredAt: { $lt: position.occurredAt } }, { _id: { $lt: 'int_0abc' } }],
    });
  });
});
