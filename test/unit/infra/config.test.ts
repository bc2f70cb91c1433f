import { ConfigError, loadConfig } from '../../../src/infra/config';

describe('loadConfig', () => {
  it('runs on a fresh machine with development defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
    expect(config.usesEmbeddedMongo).toBe(true);
    expect(config.MONGODB_DATA_DIR).toBe('.data/mongo');
    expect(config.RUN_WORKERS).toBe(true);
    expect(config.isProduction).toBe(false);
  });

  it('derives the public URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://127.0.0.1:8080');
    expect(
      loadConfig({ PUBLIC_BASE_URL: 'https://sales.example-telco.com/' }).PUBLIC_BASE_URL,
    ).toBe('https://sales.example-telco.com');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: '' }).usesEmbeddedMongo).toBe(true);
  });

  it('names the variable and what it expects when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'http://db' })).toThrow(
      /MONGODB_URI: must be a URL starting with mongodb:\/\//,
    );
    expect(() => loadConfig({ TWILIO_FROM_NUMBER: '0612345678' })).toThrow(
      /TWILIO_FROM_NUMBER: must be an E\.164 number/,
    );
    expect(() => loadConfig({ RUN_WORKERS: 'maybe' })).toThrow(/RUN_WORKERS/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('refuses development secrets and embedded servers in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: the development secret is refused/,
    );
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-real-secret-from-the-vault-0123456789abcdef',
      TWILIO_AUTH_TOKEN: '5f4dcc3b5aa765d61d8327deb882cf99',
      MONGODB_URI: 'mongodb://mongo:27017/omnichannel?replicaSet=rs0',
      REDIS_URL: 'redis://redis:6379',
      PROVISIONING_BASE_URL: 'https://oss.example.net/tmf-api/serviceOrdering/v4',
    };
    const config = loadConfig(production);
    expect(config.isProduction).toBe(true);
    expect(config.usesEmbeddedMongo).toBe(false);
    expect(() => loadConfig({ ...production, MONGODB_URI: '' })).toThrow(
      /MONGODB_URI: required in production/,
    );
    expect(() => loadConfig({ ...production, PROVISIONING_BASE_URL: '' })).toThrow(
      /PROVISIONING_BASE_URL: required in production/,
    );
  });
});

describe('API_KEYS', () => {
  it('parses name:role:secret entries', () => {
    const config = loadConfig({
      API_KEYS:
        'crm:system:crm-secret-0123456789, catalog-tool:catalog-manager:cat-secret-0123456789',
    });
    expect(config.apiKeys.map((key) => [key.name, key.role])).toEqual([
      ['crm', 'system'],
      ['catalog-tool', 'catalog-manager'],
    ]);
  });

  it('refuses unknown roles, short secrets and malformed entries with the entry named', () => {
    expect(() => loadConfig({ API_KEYS: 'crm:superuser:crm-secret-0123456789' })).toThrow(
      /API_KEYS: entry 1 \(crm\) has unknown role "superuser"/,
    );
    expect(() => loadConfig({ API_KEYS: 'crm:system:short' })).toThrow(/at least 16 characters/);
    expect(() => loadConfig({ API_KEYS: 'crm-system' })).toThrow(/must be name:role:secret/);
  });
});
