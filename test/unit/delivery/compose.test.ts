import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs here, so docker-compose.yml is checked by parsing it: the services, their
 * wiring and health checks, and that secrets come from the environment rather than the file.
 */

const root = join(__dirname, '..', '..', '..');

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  ports?: Array<string | number | { target?: number; published?: string | number }>;
  expose?: Array<string | number>;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  deploy?: { replicas?: number };
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const raw = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
// `merge: true` resolves the `<<: *anchor` keys that docker compose itself understands.
const compose = parse(raw, { merge: true }) as ComposeFile;
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no "${name}" service`);
  return found;
}

function words(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

function environment(svc: Service): Record<string, string | null> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? null : String(value)]),
  );
}

function dependencies(svc: Service): Record<string, string | undefined> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

function replicas(svc: Service): number {
  return svc.deploy?.replicas ?? 1;
}

/** Named volumes mounted by a service, as `name -> container path`. */
function namedVolumes(svc: Service): Record<string, string> {
  const mounts: Record<string, string> = {};
  for (const volume of svc.volumes ?? []) {
    if (typeof volume === 'string') {
      const [source = '', target = ''] = volume.split(':');
      if (/^[A-Za-z0-9][\w.-]*$/.test(source)) mounts[source] = target;
    } else if ((volume.type ?? 'volume') === 'volume' && volume.source && volume.target) {
      mounts[volume.source] = volume.target;
    }
  }
  return mounts;
}

/** Host ports a service publishes (`"8080:80"` -> 8080); unpublished or ranged entries are skipped. */
function publishedHostPorts(svc: Service): string[] {
  return (svc.ports ?? []).flatMap((port) => {
    if (typeof port === 'object')
      return port.published === undefined ? [] : [String(port.published)];
    const parts = String(port).split(':');
    return parts.length >= 2 ? [parts[parts.length - 2] as string] : [];
  });
}

const appServices = Object.keys(services).filter((name) => /^app(-\d+)?$/.test(name));
const app = service(appServices[0] ?? 'app');
const worker = service('worker');

describe('docker-compose.yml', () => {
  it('is a plain compose file with the expected services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['mongo', 'redis', 'worker']));
    expect(appServices.length).toBeGreaterThan(0);
    // `version:` is obsolete for docker compose v2 and only produces a warning
    expect(Object.keys(compose)).not.toContain('version');
  });

  describe('mongo', () => {
    const mongo = service('mongo');

    it('runs MongoDB 7 as a replica set named like the one in MONGODB_URI', () => {
      expect(mongo.image).toMatch(/^mongo:7(\b|$)/);
      const command = words(mongo.command);
      expect(command).toMatch(/--replSet[ =]rs0\b/);
      expect(command).toContain('--bind_ip_all');
      expect(environment(app).MONGODB_URI).toMatch(/[?&]replicaSet=rs0\b/);
    });

    it('initiates the replica set in its health check, with a member the apps can resolve', () => {
      const test = words(mongo.healthcheck?.test);
      expect(test).toContain('mongosh');
      expect(test).toContain('rs.initiate(');
      expect(test).toMatch(/_id:\s*'rs0'/);
      // the member host is what drivers connect to after discovery: it must be the service name
      expect(test).toMatch(/host:\s*'mongo:27017'/);
      expect(environment(app).MONGODB_URI).toMatch(/^mongodb:\/\/mongo:27017\//);
    });

    it('keeps its data in a named volume', () => {
      expect(Object.values(namedVolumes(mongo))).toContain('/data/db');
    });
  });

  describe('redis', () => {
    const redis = service('redis');

    it('runs Redis 7 with append-only persistence', () => {
      expect(redis.image).toMatch(/^redis:7(\b|-|$)/);
      expect(words(redis.command)).toMatch(/--appendonly yes\b/);
      // BullMQ refuses to work safely with any eviction policy but noeviction
      expect(words(redis.command)).not.toMatch(/--maxmemory-policy (?!noeviction)/);
    });

    it('is health-checked with redis-cli ping and keeps data in a named volume', () => {
      expect(words(redis.healthcheck?.test)).toMatch(/redis-cli\b.*\bping\b/);
      expect(Object.values(namedVolumes(redis))).toContain('/data');
    });
  });

  describe('app', () => {
    it('runs two replicas (one service with deploy.replicas or app-N services)', () => {
      const total = appServices.reduce((sum, name) => sum + replicas(service(name)), 0);
      expect(total).toBe(2);
    });

    it('is built from the Dockerfile and runs node dist/main.js', () => {
      for (const name of appServices) {
        const svc = service(name);
        expect(svc.build).toBeDefined();
        const build = typeof svc.build === 'string' ? { context: svc.build } : (svc.build ?? {});
        expect(build.context).toBe('.');
        expect(build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
        expect(words(svc.command ?? 'node dist/main.js')).toBe('node dist/main.js');
      }
    });

    it('talks to the compose mongo and redis, listens on all interfaces and leaves jobs to the worker', () => {
      for (const name of appServices) {
        const env = environment(service(name));
        expect(env.MONGODB_URI).toBe('mongodb://mongo:27017/omnichannel?replicaSet=rs0');
        expect(env.REDIS_URL).toBe('redis://redis:6379');
        expect(env.RUN_WORKERS).toBe('false');
        expect(env.NODE_ENV).toBe('production');
        // the service binds 127.0.0.1 unless told otherwise: unreachable from the proxy
        expect(env.HOST).toBe('0.0.0.0');
        expect(env.PORT ?? '3000').toBe('3000');
      }
    });

    it('starts only once mongo and redis are healthy', () => {
      for (const name of [...appServices, 'worker']) {
        expect(dependencies(service(name))).toMatchObject({
          mongo: 'service_healthy',
          redis: 'service_healthy',
        });
      }
    });

    it('is health-checked on /ready with node (the slim image has no curl or wget)', () => {
      for (const name of appServices) {
        const test = service(name).healthcheck?.test;
        expect(Array.isArray(test) ? test[0] : test).toMatch(/^CMD/);
        expect(words(test)).toMatch(/\bnode\b.*fetch\(.*:3000\/ready\b/);
      }
    });
  });

  describe('worker', () => {
    it('uses the app image and runs node dist/worker.js', () => {
      expect(worker.build).toEqual(app.build);
      expect(worker.image).toBeDefined();
      expect(worker.image).toBe(app.image);
      expect(words(worker.command)).toBe('node dist/worker.js');
    });

    it('shares the app configuration and can be scaled', () => {
      const env = environment(worker);
      const appEnv = environment(app);
      for (const key of [
        'MONGODB_URI',
        'REDIS_URL',
        'NODE_ENV',
        'JWT_SECRET',
        'TWILIO_AUTH_TOKEN',
      ]) {
        expect(env[key]).toBe(appEnv[key]);
      }
      expect(replicas(worker)).toBeGreaterThanOrEqual(1);
      expect(worker.ports ?? []).toEqual([]);
    });

    it('does not inherit the image health check, which probes an HTTP port the worker never opens', () => {
      expect(
        worker.healthcheck?.disable === true || /worker/.test(words(worker.healthcheck?.test)),
      ).toBe(true);
    });
  });

  describe('ports', () => {
    it('publishes the HTTP port without two replicas fighting over one host port', () => {
      const published = Object.entries(services).flatMap(([name, svc]) =>
        publishedHostPorts(svc).map((port) => ({ name, port })),
      );
      expect(published.length).toBeGreaterThan(0);
      // a fixed host port on a replicated service fails on the second replica
      for (const { name, port } of published) {
        if (replicas(service(name)) > 1) expect(port).toMatch(/-/);
      }
      const ports = published.map((p) => p.port);
      expect(new Set(ports).size).toBe(ports.length);
      // the databases stay on the compose network
      expect(service('mongo').ports ?? []).toEqual([]);
      expect(service('redis').ports ?? []).toEqual([]);
    });

    it('routes the published port to the app replicas through a sticky proxy', () => {
      const proxy = services.proxy;
      if (!proxy) {
        // without a proxy, every app service must publish its own port
        for (const name of appServices) expect(publishedHostPorts(service(name)).length).toBe(1);
        return;
      }
      expect(publishedHostPorts(proxy).length).toBe(1);
      expect(dependencies(proxy)).toMatchObject({ app: 'service_healthy' });

      const mount = (proxy.volumes ?? []).find(
        (v): v is string => typeof v === 'string' && v.startsWith('./docker/nginx.conf:'),
      );
      expect(mount).toBeDefined();
      const conf = readFileSync(join(root, 'docker', 'nginx.conf'), 'utf8').replace(/#.*$/gm, '');
      // socket.io long-polling needs every request of a session on the same replica
      expect(conf).toMatch(/^\s*(ip_hash|hash \$remote_addr);/m);
      // consistent hashing keys on the server name, which all replicas share
      expect(conf).not.toMatch(/^\s*hash\s[^;]*consistent/m);
      expect(conf).toMatch(/server app:3000\b/);
      expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
      expect(conf).toMatch(/proxy_http_version 1\.1;/);
      const health = /location = (\/\S+)/.exec(conf)?.[1];
      expect(health).toBeDefined();
      expect(words(proxy.healthcheck?.test)).toContain(`http://127.0.0.1${health}`);
    });
  });

  describe('secrets', () => {
    const secretKey = /SECRET|TOKEN|PASSWORD|API_KEYS?$/;

    it('come from the environment, and the required ones fail fast when unset', () => {
      for (const [name, svc] of Object.entries(services)) {
        for (const [key, value] of Object.entries(environment(svc))) {
          if (!secretKey.test(key) || value === null) continue;
          // a value is only an interpolation of a variable, never a literal
          expect({ service: name, key, value }).toEqual({
            service: name,
            key,
            value: expect.stringMatching(/^\$\{[A-Z0-9_]+(:?[?-][^}]*)?\}$/),
          });
        }
      }
      for (const name of [...appServices, 'worker']) {
        const env = environment(service(name));
        for (const key of ['JWT_SECRET', 'TWILIO_AUTH_TOKEN']) {
          // `${VAR:?message}`: compose refuses to start instead of running with an empty secret
          expect(env[key]).toMatch(new RegExp(`^\\$\\{${key}:\\?.+\\}$`));
        }
      }
    });

    it('leave no literal secret anywhere in the file', () => {
      expect(raw).not.toMatch(
        /(?<!\$\{)(JWT_SECRET|TWILIO_AUTH_TOKEN)\s*[:=]\s*['"]?(?!\$\{)[^\s'"]/,
      );
      expect(raw).not.toMatch(/dev-only-jwt-secret|dev-twilio-auth-token/);
    });

    it('use only interpolation compose understands (a lone $ would be mangled)', () => {
      const stray = raw.match(/\$(?!\{[A-Za-z_][A-Za-z0-9_]*(?:[:]?[-?][^}]*)?\}|\$)/g);
      expect(stray).toBeNull();
    });
  });

  describe('volumes', () => {
    it('declares every named volume the services mount', () => {
      const declared = Object.keys(compose.volumes ?? {});
      const used = Object.values(services).flatMap((svc) => Object.keys(namedVolumes(svc)));
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect(declared).toContain(name);
    });

    it('mounts only files that exist in the repository', () => {
      for (const svc of Object.values(services)) {
        for (const volume of svc.volumes ?? []) {
          if (typeof volume !== 'string' || !volume.startsWith('./')) continue;
          expect(existsSync(join(root, volume.split(':')[0] as string))).toBe(true);
        }
      }
    });
  });

  describe('wiring', () => {
    it('depends only on services that exist and, for service_healthy, have a health check', () => {
      for (const svc of Object.values(services)) {
        for (const [name, condition] of Object.entries(dependencies(svc))) {
          expect(Object.keys(services)).toContain(name);
          if (condition === 'service_healthy') {
            expect(service(name).healthcheck?.test).toBeDefined();
            expect(service(name).healthcheck?.disable).not.toBe(true);
          }
        }
      }
    });
  });
});
