import { ConfigError, loadConfig } from '../../../src/infra/config';

describe('LIVE_CALL_REQUIRED_PHRASES', () => {
  it('is unset by default, so the built-in phrases apply', () => {
    expect(loadConfig({}).LIVE_CALL_REQUIRED_PHRASES).toBeUndefined();
  });

  it("reads the operator's own list", () => {
    const phrases = [
      {
        id: 'cooling-off',
        label: 'Cooling-off notice',
        text: 'You have 14 days to change your mind',
      },
    ];
    expect(
      loadConfig({ LIVE_CALL_REQUIRED_PHRASES: JSON.stringify(phrases) })
        .LIVE_CALL_REQUIRED_PHRASES,
    ).toEqual(phrases);
  });

  it.each([
    ['not JSON', 'recording notice'],
    ['a phrase without text', '[{"id":"x","label":"X"}]'],
    ['an unknown field', '[{"id":"x","label":"X","text":"Say this","extra":1}]'],
  ])('fails fast naming the variable for %s', (_case, raw) => {
    let thrown: unknown;
    try {
      loadConfig({ LIVE_CALL_REQUIRED_PHRASES: raw });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain('LIVE_CALL_REQUIRED_PHRASES');
  });
});
