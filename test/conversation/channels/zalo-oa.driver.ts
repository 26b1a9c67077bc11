import { FakeZaloOa, type OaSentMessage } from '../../fakes/zalo-oa-api.js';
import { zaloOaEnv } from '../../helpers/zalo-oa.js';
import { matches, type ChannelDriver, type ChatUser, type Received } from './driver.js';

/** A numbered line as the plain renderer writes it: "2. ✅ Đã nhận". */
const NUMBERED = /^(\d{1,2})\. (.+)$/;

/**
 * Zalo Official Account: the real OA client against the fake, signed webhook events posted to
 * the service; connected at start with a refresh token (ZALO_OA_REFRESH_TOKEN); documents go
 * in the chat (a Zalo file link); choices are typed back by number.
 */
export function zaloOaDriver(): ChannelDriver {
  let fake: FakeZaloOa;
  let nextId = 1;
  const texts = (u: ChatUser) => fake.sent.filter((m) => m.userId === u.id && m.text !== undefined);
  const read = (m: OaSentMessage): Received => {
    const text = m.text!;
    const choices = text.split('\n').flatMap((line) => NUMBERED.exec(line)?.[2] ?? []);
    const link = /https?:\/\/\S+\/upload\/\S+/.exec(text)?.[0];
    return { text, choices, link };
  };
  return {
    channel: 'zalo_oa',
    documentsIn: true,
    async start({ webhookBase }) {
      fake = await FakeZaloOa.start();
      fake.webhookUrl = `${webhookBase}/zalo-oa/webhook`;
      return { ...zaloOaEnv(fake), ZALO_OA_REFRESH_TOKEN: fake.issueRefreshToken() };
    },
    newUser(name) {
      // OA user ids are numeric strings longer than a JavaScript number holds.
      return { id: `24684588352961${String(nextId++).padStart(5, '0')}`, name };
    },
    async sendText(u, text) {
      await fake.userSendsText(u.id, text);
    },
    async sendInviteCode(u, code) {
      await fake.userSendsText(u.id, code);
    },
    async sendDocument(u, file) {
      const url = fake.hostFile(file.name, file.bytes, file.mimeType);
      await fake.userSendsFile(u.id, { url, name: file.name, size: file.bytes.length, type: file.name.split('.').pop() ?? '' });
    },
    async choose(u, label) {
      const sent = texts(u);
      for (let i = sent.length - 1; i >= 0; i--) {
        for (const line of sent[i]!.text!.split('\n')) {
          const n = NUMBERED.exec(line);
          if (n && matches(label, n[2]!)) return void (await fake.userSendsText(u.id, n[1]!));
        }
      }
      throw new Error(`no numbered choice ${String(label)} in ${JSON.stringify(sent.map((m) => m.text))}`);
    },
    received: (u) => texts(u).map(read),
    async waitFor(u, pattern, after = 0) {
      const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
      return read(await fake.waitForText(u.id, re, 5000, after));
    },
    close: () => fake.close(),
  };
}
