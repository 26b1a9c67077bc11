import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { storeFile, storedPath } from '../../src/domain/files.js';
import { startOutboxHarness, type OutboxHarness } from './harness.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

let h: OutboxHarness;
afterEach(async () => {
  await h?.close();
});

describe('outbox → Telegram: messages with a stored file', () => {
  it('sends the text, then the file as a document with its original name', async () => {
    h = await startOutboxHarness();
    const file = await storeFile(h.ctx, { bytes: PDF, originalName: 'Kế hoạch 1234-KH-SGDĐT.pdf', source: 'api' });
    const id = h.enqueue(851, 'Sở gửi kế hoạch kèm theo:', { message: { fileId: file.id } })!;

    expect(await h.sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const sent = h.fake.sentMessages(851);
    expect(sent.map((m) => m.kind)).toEqual(['text', 'document']);
    expect(sent[0]!.text).toBe('Sở gửi kế hoạch kèm theo:');
    expect(sent[1]!.document).toMatchObject({ fileName: 'Kế hoạch 1234-KH-SGDĐT.pdf', size: PDF.length });
    expect(h.fake.fileBytes(sent[1]!.document!.fileId)).toEqual(PDF);
    expect(h.row(id).platformMessageId).toBe(String(sent[1]!.messageId));
  });

  it('a file with no text goes alone, carrying the buttons', async () => {
    h = await startOutboxHarness();
    const file = await storeFile(h.ctx, { bytes: PDF, originalName: 'mau-bao-cao.pdf', source: 'api' });
    const id = h.enqueue(852, '', { message: { fileId: file.id, choices: [[{ label: 'Đã nhận', data: 'ack:1' }]] } })!;

    expect(await h.sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.row(id).status).toBe('sent');
    const sent = h.fake.sentMessages(852);
    expect(sent.map((m) => m.kind)).toEqual(['document']);
    expect(sent[0]!.buttons).toEqual([[{ text: 'Đã nhận', callback_data: 'ack:1' }]]);
  });

  it("a file whose bytes are gone fails as 'invalid' at once, before any text is sent", async () => {
    h = await startOutboxHarness();
    const file = await storeFile(h.ctx, { bytes: PDF, originalName: 'da-xoa.pdf', source: 'api' });
    rmSync(storedPath(h.ctx.filesDir, file.sha256));
    const id = h.enqueue(853, 'Tệp đính kèm:', { message: { fileId: file.id } })!;

    expect(await h.sender.tick()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(h.row(id)).toMatchObject({ status: 'failed', failureReason: 'invalid', attempts: 1 });
    expect(h.row(id).lastError).toContain(`${file.id}`);
    expect(h.fake.sentMessages(853)).toEqual([]);
  });
});
