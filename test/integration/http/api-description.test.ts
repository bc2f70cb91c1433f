import { TokenService } from '../../../src/infra/auth/tokens';
import { openApiPath } from '../../../src/infra/http/api-docs/openapi-document';
import { ADMIN_KEY, startFullApp } from './full-app-harness';
import type { FullApp } from './full-app-harness';
import { tmf630Problems } from './tmf630-body';
import { startTestRuntime } from '../../support/runtime';

jest.setTimeout(90_000);

interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let full: FullApp;
let document: OpenApi;

beforeAll(async () => {
  full = await startFullApp();
  const response = await fetch(`${full.url}/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApi;
});

afterAll(async () => {
  await full?.stop();
});

const token = (roles: Array<'metrics' | 'agent'>) =>
  new TokenService(full.runtime.config.JWT_SECRET).issue(
    { kind: 'user', id: 'usr_scraper', roles },
    300,
  );

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with components, security schemes and the TMF630 error', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBeTruthy();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(
      expect.arrayContaining(['bearer', 'twilioSignature']),
    );
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(document.components.schemas.Error).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['@type', 'code', 'reason', 'message', 'status']),
    });
  });

  it('describes every route the application registered, with its declared schemas', () => {
    const registered = full.routes.filter((route) => route.method !== 'HEAD');
    expect(registered.length).toBeGreaterThan(50);
    const missing = registered.filter(
      (route) => !document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()],
    );
    expect(missing).toEqual([]);
    expect(full.runtime.app!.routeCatalogue.gaps()).toEqual([]);
  });

  it('generates request bodies from the validating zod schemas', () => {
    const create = document.paths['/tmf-api/productCatalogManagement/v4/productOffering']?.post;
    const body = (create?.requestBody as { content: Record<string, { schema: unknown }> })?.content[
      'application/json'
    ]?.schema as { properties?: Record<string, unknown> };
    expect(body?.properties).toHaveProperty('name');
    expect(body?.properties).toHaveProperty('lifecycleStatus');

    const sms = document.paths['/webhooks/twilio/sms']?.post;
    expect(sms?.security).toEqual([{ twilioSignature: [] }]);
    const form = (sms?.requestBody as { content: Record<string, { schema: unknown }> })?.content[
      'application/x-www-form-urlencoded'
    ]?.schema as { properties?: Record<string, unknown> };
    expect(form?.properties).toHaveProperty('MessageSid');

    const campaign = document.paths['/api/campaigns/{id}/schedule']?.post;
    expect(campaign?.security).toEqual([{ bearer: [] }]);
    expect(campaign?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
    );
  });
});

describe('the reference page', () => {
  it('renders every operation from the document, with nothing fetched from elsewhere', async () => {
    const response = await fetch(`${full.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('API reference');
    expect(html).toContain('/tmf-api/productOrderingManagement/v4/productOrder');
    expect(html).toContain('/webhooks/twilio/sms');
    expect(html).not.toMatch(/<script|<link[^>]+href="https?:|src="https?:/);
  });
});

describe('GET /metrics', () => {
  it('refuses a caller without credentials or without the metrics role, in the TMF630 body', async () => {
    const anonymous = await fetch(`${full.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(
      tmf630Problems(401, anonymous.headers.get('content-type'), await anonymous.text()),
    ).toEqual([]);

    const agent = await fetch(`${full.url}/metrics`, {
      headers: { authorization: `Bearer ${await token(['agent'])}` },
    });
    expect(agent.status).toBe(403);
    expect(tmf630Problems(403, agent.headers.get('content-type'), await agent.text())).toEqual([]);
  });

  it('shows the latency histogram by route pattern after traffic, and queue and socket gauges', async () => {
    for (let index = 0; index < 3; index += 1) {
      const response = await fetch(
        `${full.url}/tmf-api/productCatalogManagement/v4/productOffering/no-such-offering-${index}`,
      );
      await response.text();
    }
    await (await fetch(`${full.url}/health`)).text();

    const response = await fetch(`${full.url}/metrics`, {
      headers: { authorization: `Bearer ${await token(['metrics'])}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();

    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('# HELP http_request_duration_seconds');
    const route = '/tmf-api/productCatalogManagement/v4/productOffering/:id';
    const count = new RegExp(
      `^http_request_duration_seconds_count\\{route="${route.replace(/[/.]/g, '\\$&')}",method="GET",status_class="4xx"\\} (\\d+)$`,
      'm',
    ).exec(text);
    expect(Number(count?.[1])).toBe(3);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="\+Inf",route="\/health",method="GET",status_class="2xx"\} [1-9]/m,
    );
    // Raw URLs never become labels.
    expect(text).not.toContain('no-such-offering');

    expect(text).toContain('# TYPE queue_jobs gauge');
    expect(text).toMatch(/^queue_jobs\{queue="[^"]+",state="waiting"\} \d+$/m);
    expect(text).toContain('# TYPE socketio_connections gauge');
    expect(text).toMatch(/^socketio_connections\{namespace="\/chat"\} \d+$/m);
    expect(text).toContain('# TYPE bot_turn_duration_seconds histogram');
    expect(text).toContain('# TYPE handover_wait_seconds histogram');
  });

  it('takes an admin API key too', async () => {
    const response = await fetch(`${full.url}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('METRICS_PORT', () => {
  it('serves the same text on a loopback listener without credentials', async () => {
    const runtime = await startTestRuntime({ env: { METRICS_PORT: '0' } });
    try {
      expect(runtime.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(runtime.metricsUrl!);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE http_request_duration_seconds histogram');
      expect((await fetch(runtime.metricsUrl!.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await runtime.stop();
    }
  });
});
