import { loadConfig } from '../../../src/infra/config';
import { queueKeyPrefix } from '../../../src/infra/redis/connection';

describe('REDIS_CLUSTER_NODES', () => {
  it('is unset by default: one Redis server, as before', () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toBeUndefined();
  });

  it('reads host:port entries, and credentials from a redis:// entry', () => {
    expect(
      loadConfig({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis://app:s%3Acret@10.0.0.2:7001 ,' })
        .REDIS_CLUSTER_NODES,
    ).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      username: 'app',
      password: 's:cret',
    });
  });

  it.each(['10.0.0.1', '10.0.0.1:0', 'redis://10.0.0.1:7000/2', ',', 'http://x:1 y'])(
    'refuses %j, naming the variable',
    (value) => {
      expect(() => loadConfig({ REDIS_CLUSTER_NODES: value })).toThrow(/REDIS_CLUSTER_NODES/);
    },
  );

  it('refuses both REDIS_URL and REDIS_CLUSTER_NODES', () => {
    expect(() =>
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' }),
    ).toThrow(/not both/);
  });

  it('satisfies production in place of REDIS_URL', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
      TWILIO_AUTH_TOKEN: 'a-production-twilio-token',
      MONGODB_URI: 'mongodb://db:27017/app',
      PROVISIONING_BASE_URL: 'https://provisioning.example',
    };
    expect(() => loadConfig(production)).toThrow(/REDIS_URL: required/);
    expect(loadConfig({ ...production, REDIS_CLUSTER_NODES: 'redis-0:6379' }).isProduction).toBe(
      true,
    );
  });
});

describe('BullMQ queue prefixes', () => {
  it('keep the plain prefix on one server, and put each queue on its own slot on a cluster', () => {
    expect(queueKeyPrefix('omnichannel', 'sms-inbound', false)).toBe('omnichannel');
    expect(queueKeyPrefix('omnichannel', 'sms-inbound', true)).toBe('omnichannel:{sms-inbound}');
  });
});
