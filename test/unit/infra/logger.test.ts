import { Writable } from 'node:stream';
import { createLogger, maskPhone } from '../../../src/infra/logger';

function capturingLogger(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(level, 'test', sink), lines };
}

describe('logger', () => {
  it('masks phone numbers so they correlate but do not identify', () => {
    expect(maskPhone('+447700900123')).toBe('+4477******23');
    expect(maskPhone(undefined)).toBeUndefined();
  });

  it('redacts message bodies and phone numbers from structured fields', () => {
    const { logger, lines } = capturingLogger('info');
    logger.info(
      { sms: { From: '+447700900123', To: '+15005550006', Body: 'my PIN is 4321' }, text: 'hello' },
      'inbound sms',
    );
    expect(lines).toHaveLength(1);
    const written = lines[0] ?? '';
    expect(written).not.toContain('+447700900123');
    expect(written).not.toContain('4321');
    expect(written).not.toContain('hello');
    expect(JSON.parse(written)).toMatchObject({ sms: { From: '[redacted]', Body: '[redacted]' } });
  });

  it('logs request paths without query strings, which can carry tokens', () => {
    const { logger, lines } = capturingLogger('info');
    logger.info({ req: { method: 'GET', url: '/l/abc?token=secret&to=+447700900123' } }, 'request');
    expect(lines[0]).toContain('"/l/abc"');
    expect(lines[0]).not.toContain('secret');
  });
});
