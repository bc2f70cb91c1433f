import { Decimal128, Long, ObjectId } from 'mongodb';
import {
  cloneDoc,
  deepEqual,
  encodeKey,
  ensureId,
  valuesAtPath,
} from '../../../src/infra/mongo/embedded/values';

describe('encodeKey', () => {
  it('gives numerically equal values of any BSON width the same key', () => {
    expect(encodeKey(1)).toBe(encodeKey(1.0));
    expect(encodeKey(1)).toBe(encodeKey(Long.fromNumber(1)));
    expect(encodeKey(1)).toBe(encodeKey(Decimal128.fromString('1')));
    expect(encodeKey(0)).toBe(encodeKey(-0));
    expect(encodeKey(1)).not.toBe(encodeKey('1'));
  });

  it('distinguishes types and treats null like missing', () => {
    const id = new ObjectId();
    expect(encodeKey(id)).toBe(encodeKey(new ObjectId(id.toHexString())));
    expect(encodeKey(id)).not.toBe(encodeKey(id.toHexString()));
    expect(encodeKey(new Date(5))).toBe(encodeKey(new Date(5)));
    expect(encodeKey(new Date(5))).not.toBe(encodeKey(5));
    expect(encodeKey(null)).toBe(encodeKey(undefined));
    expect(encodeKey(true)).not.toBe(encodeKey(1));
  });

  it('keeps embedded documents field-order sensitive like BSON', () => {
    expect(encodeKey({ a: 1, b: 2 })).toBe(encodeKey({ a: 1, b: 2 }));
    expect(encodeKey({ a: 1, b: 2 })).not.toBe(encodeKey({ b: 2, a: 1 }));
  });
});

describe('valuesAtPath', () => {
  it('fans out over arrays like a multikey index', () => {
    expect(valuesAtPath({ tags: ['a', 'b'] }, 'tags')).toEqual(['a', 'b']);
    expect(valuesAtPath({ items: [{ sku: 1 }, { sku: 2 }] }, 'items.sku')).toEqual([1, 2]);
    expect(valuesAtPath({ a: { b: 3 } }, 'a.b')).toEqual([3]);
    expect(valuesAtPath({}, 'missing')).toEqual([undefined]);
  });
});

describe('document helpers', () => {
  it('clones without losing BSON classes', () => {
    const id = new ObjectId();
    const doc = { _id: id, when: new Date(1), nested: { list: [1, { x: 2 }] } };
    const copy = cloneDoc(doc);
    expect(copy._id).toBeInstanceOf(ObjectId);
    expect(copy).toEqual(doc);
    (copy.nested as { list: unknown[] }).list.push(3);
    expect(doc.nested.list).toHaveLength(2);
  });

  it('puts _id first, generating one when missing', () => {
    expect(Object.keys(ensureId({ a: 1, _id: 2 }))).toEqual(['_id', 'a']);
    expect(ensureId({ a: 1 })._id).toBeInstanceOf(ObjectId);
  });

  it('compares documents deeply and in order', () => {
    expect(
      deepEqual(
        { a: [1, { b: new ObjectId('0'.repeat(24)) }] },
        { a: [1, { b: new ObjectId('0'.repeat(24)) }] },
      ),
    ).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });
});
