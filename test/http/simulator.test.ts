import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { ManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createService, type Service } from '../../src/service.js';

let service: Service | undefined;
let dir = '';

async function start(demo: boolean) {
  dir = mkdtempSync(join(tmpdir(), 'cau-noi-sim-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), FILES_DIR: join(dir, 'files'), BACKUP_DIR: join(dir, 'backups'), DEMO_DATA: demo ? '1' : '0', LOG_LEVEL: 'silent' });
  service = createService(config, { clock: new ManualClock('2026-11-25T03:00:00Z'), log: silentLogger, scheduler: false });
  await service.start();
  return service;
}

afterEach(async () => {
  await service?.stop();
  service = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function say(s: Service, persona: string, body: Record<string, string>) {
  const form = new FormData();
  form.set('persona', persona);
  for (const [k, v] of Object.entries(body)) form.set(k, v);
  const res = await s.app.request('/simulator/api/send', { method: 'POST', body: form });
  await s.inbox.idle();
  return res;
}

async function messages(s: Service, persona: string) {
  const res = await s.app.request(`/simulator/api/messages?persona=${persona}&after=0`);
  return (await res.json()) as { items: { direction: string; text: string; choices?: { label: string; data: string }[][] }[] };
}

describe('web chat simulator', () => {
  it('lets a newcomer to the demo chat as a unit contact, with buttons', async () => {
    const s = await start(true);
    const page = await s.app.request('/simulator');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Cầu Nối — thử trò chuyện');
    const personas = (await (await s.app.request('/simulator/api/personas')).json()) as { items: { id: string; label: string }[] };
    const school = personas.items.find((p) => p.label.startsWith('Trường THPT'))!;
    expect(personas.items.some((p) => p.id === 'phu-huynh-thu')).toBe(true);

    expect((await say(s, school.id, { text: '/status' })).status).toBe(202);
    const log = await messages(s, school.id);
    const reply = log.items.at(-1)!;
    expect(reply.direction).toBe('out');
    expect(reply.text).toContain('Kế hoạch thực hiện “Năm Dân vận khéo” của đơn vị');
    expect(reply.choices?.flat().map((c) => c.label)).toContain('📤 Nộp bài');

    await say(s, school.id, { data: 'm:submit' });
    const after = await messages(s, school.id);
    expect(after.items.at(-1)!.text).toMatch(/nộp cho yêu cầu nào|Anh\/chị gửi tệp/);
  });

  it('answers a parent', async () => {
    const s = await start(true);
    await say(s, 'phu-huynh-thu', { text: 'cho hoi thu tuc chuyen truong' });
    const log = await messages(s, 'phu-huynh-thu');
    expect(log.items.at(-1)!.text).toContain('Sở');
  });

  it('is closed outside demo mode and refuses empty input', async () => {
    const closed = await start(false);
    expect((await closed.app.request('/simulator')).status).toBe(403);
    await closed.stop();
    rmSync(dir, { recursive: true, force: true });
    service = undefined;
    const open = await start(true);
    const res = await say(open, 'phu-huynh-thu', {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('text');
  });
});
