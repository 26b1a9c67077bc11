import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPlan, startHarness, type Harness } from '../helpers/service.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.5\n'), Buffer.alloc(3000, 65), Buffer.from('\n%%EOF\n')]);
const teacher = { id: 7771001, firstName: 'Linh' };
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function uploadLinkFromBot(): Promise<string> {
  const { code } = await seedPlan(h);
  await h.fake.userSendsCommand(teacher, '/start', code);
  await h.fake.waitForText(teacher.id, /liên kết với đơn vị/);
  await h.fake.userSendsText(teacher, '/nop');
  await h.fake.waitForText(teacher.id, /Anh\/chị gửi tệp/);
  await h.fake.userSendsDocument(teacher, { fileName: 'ke-hoach-scan.pdf', mimeType: 'application/pdf', size: 30 * 1024 * 1024 });
  const msg = await h.fake.waitForText(teacher.id, /lớn hơn mức 20 MB/);
  const button = msg.buttons.flat().find((b) => 'url' in b) as { url: string } | undefined;
  expect(button?.url).toMatch(/^https:\/\/caunoi\.test\/upload\//);
  return new URL(button!.url).pathname;
}

describe('personal upload page', () => {
  it('shows the unit and requirement, takes the file, and the bot continues with the form', async () => {
    const path = await uploadLinkFromBot();
    const page = await h.service.app.request(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Trường THPT Thử Nghiệm');
    expect(html).toContain('Kế hoạch thực hiện');

    const form = new FormData();
    form.set('file', new File([PDF], 'Kế hoạch (bản scan).pdf', { type: 'application/pdf' }));
    const posted = await h.service.app.request(path, { method: 'POST', body: form });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Đã nhận tệp');

    const next = await h.fake.waitForText(teacher.id, /Đã nhận tệp “Kế hoạch \(bản scan\)\.pdf”/);
    expect(next.buttons.flat().map((b) => b.text)).toContain('Xong, trả lời câu hỏi');
  });

  it('refuses an unknown token and a file of the wrong type with a readable page', async () => {
    const unknown = await h.service.app.request('/upload/khong-co-that');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Liên kết tải tệp không đúng');

    const path = await uploadLinkFromBot();
    const form = new FormData();
    form.set('file', new File([Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)])], 'virus.pdf'));
    const refused = await h.service.app.request(path, { method: 'POST', body: form });
    expect(refused.status).toBe(400);
    // The name promises a PDF; the page says the content is not one.
    expect(await refused.text()).toContain('có đuôi .pdf nhưng nội dung không phải PDF');
  });

  it('expires', async () => {
    const path = await uploadLinkFromBot();
    h.clock.advance(25 * 3600_000);
    const expired = await h.service.app.request(path);
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain('hết hạn');
  });
});
