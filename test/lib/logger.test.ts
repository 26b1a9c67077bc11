import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';

describe('logger', () => {
  it('never writes a bot token, in a message or inside an error', () => {
    const token = '7000000001:AAFakeTokenForCauNoiTests-0123456789';
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', [token], sink);
    log.info(`calling https://api.telegram.org/bot${token}/getMe`);
    log.error({ err: new Error(`invalid json response body at https://api.telegram.org/bot${token}/getUpdates`) }, 'polling failed');
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).toContain('[hidden]');
  });
});
