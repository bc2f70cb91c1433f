import { parseListQuery } from '../../../../src/connectors/tmf/list-query';
import { selectFields } from '../../../../src/connectors/tmf/resource';
import { applyMergePatch } from '../../../../src/domain/shared/merge-patch';

const filterable = {
  lifecycleStatus: 'string',
  'validFor.startDateTime': 'date',
  isBundle: 'boolean',
  version: 'number',
} as const;

describe('TMF list parameters', () => {
  it('defaults offset and limit and selects no fields', () => {
    expect(parseListQuery({}, filterable)).toEqual({
      offset: 0,
      limit: 100,
      fields: undefined,
      filter: {},
      sort: undefined,
    });
  });

  it('turns attribute filters into a MongoDB filter, with comma lists and comparison suffixes', () => {
    const query = parseListQuery(
      {
        lifecycleStatus: 'Active,Launched',
        'validFor.startDateTime.lte': '2026-11-01T00:00:00Z',
        isBundle: 'false',
        offset: '20',
        limit: '10',
        fields: 'name, lifecycleStatus',
      },
      filterable,
    );
    expect(query.filter).toEqual({
      lifecycleStatus: { $in: ['Active', 'Launched'] },
      'validFor.startDateTime': { $lte: new Date('2026-11-01T00:00:00Z') },
      isBundle: { $in: [false] },
    });
    expect([query.offset, query.limit, query.fields]).toEqual([
      20,
      10,
      ['name', 'lifecycleStatus'],
    ]);
  });

  it('refuses attributes the API does not expose, bad values and oversized pages', () => {
    expect(() => parseListQuery({ 'customer.password': 'x' }, filterable)).toThrow(
      /Unknown filter attribute "customer.password"/,
    );
    expect(() => parseListQuery({ $where: 'sleep(1000)' }, filterable)).toThrow(
      /Unknown filter attribute/,
    );
    expect(() => parseListQuery({ version: 'two' }, filterable)).toThrow(
      /version must be a number/,
    );
    expect(() => parseListQuery({ limit: '-1' }, filterable)).toThrow(
      /limit must be a non-negative integer/,
    );
    expect(() => parseListQuery({ limit: '5000' }, filterable)).toThrow(/at most 1000/);
  });

  it('parses sort on exposed attributes only', () => {
    expect(parseListQuery({ sort: '-version,lifecycleStatus' }, filterable).sort).toEqual({
      version: -1,
      lifecycleStatus: 1,
    });
    expect(() => parseListQuery({ sort: 'secret' }, filterable)).toThrow(/Cannot sort by "secret"/);
  });
});

describe('TMF resources', () => {
  it('keeps id, href and @type whatever fields are selected', () => {
    const offering = {
      id: 'po-1',
      href: '/x/po-1',
      '@type': 'ProductOffering',
      name: 'Data Boost 20 GB',
      description: 'More data',
      lifecycleStatus: 'Active',
    };
    expect(selectFields(offering, ['name'])).toEqual({
      id: 'po-1',
      href: '/x/po-1',
      '@type': 'ProductOffering',
      name: 'Data Boost 20 GB',
    });
    expect(selectFields(offering, undefined)).toBe(offering);
  });

  it('applies a JSON merge patch as RFC 7386 says', () => {
    const target = {
      name: 'Plan',
      validFor: { startDateTime: '2026-01-01', endDateTime: '2026-12-31' },
      tags: ['a'],
    };
    expect(
      applyMergePatch(target, { validFor: { endDateTime: null }, tags: ['b'], description: 'New' }),
    ).toEqual({
      name: 'Plan',
      validFor: { startDateTime: '2026-01-01' },
      tags: ['b'],
      description: 'New',
    });
  });
});
