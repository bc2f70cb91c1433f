import {
  WiringError,
  capability,
  configureAll,
  wiringOrder,
} from '../../../src/composition/capabilities';
import type { Capability } from '../../../src/composition/capabilities';
import type { RuntimeContext } from '../../../src/runtime';

function named(name: string, needs: string[] = []): Capability {
  return { name, needs };
}

const names = (items: Capability[]): string[] => items.map((item) => item.name);

describe('wiringOrder', () => {
  it('sets every capability up after what it needs, whatever order the list is written in', () => {
    const list = [
      named('assist', ['webchat']),
      named('bot', ['catalog', 'commerce', 'customers']),
      named('catalog'),
      named('commerce'),
      named('customers'),
      named('webchat'),
    ];
    const forwards = names(wiringOrder(list));
    const backwards = names(wiringOrder([...list].reverse()));
    expect(forwards).toEqual(backwards);
    expect(forwards.indexOf('bot')).toBeGreaterThan(forwards.indexOf('customers'));
    expect(forwards.indexOf('bot')).toBeGreaterThan(forwards.indexOf('commerce'));
    expect(forwards.indexOf('assist')).toBeGreaterThan(forwards.indexOf('webchat'));
  });

  it('names a need nobody provides', () => {
    expect(() => wiringOrder([named('campaigns', ['twilio'])])).toThrow(
      new WiringError('"campaigns" needs "twilio", which no capability provides'),
    );
  });

  it('names the circle when capabilities need each other', () => {
    expect(() =>
      wiringOrder([named('users'), named('bot', ['assist']), named('assist', ['bot'])]),
    ).toThrow(/need each other: (assist → bot → assist|bot → assist → bot)/);
  });

  it('refuses two capabilities with one name', () => {
    expect(() => wiringOrder([named('web'), named('web')])).toThrow(/Two capabilities/);
  });
});

describe('configureAll', () => {
  it('configures in wiring order and keeps each feature as its own `this`', async () => {
    const seen: string[] = [];
    const feature = (name: string) => ({
      name,
      label: name.toUpperCase(),
      configure(this: { label: string }) {
        seen.push(this.label);
      },
    });
    const wired = wiringOrder([
      capability(feature('bot'), ['customers']),
      capability(feature('customers')),
    ]);
    await configureAll(wired, {} as RuntimeContext);
    expect(seen).toEqual(['CUSTOMERS', 'BOT']);
  });
});
