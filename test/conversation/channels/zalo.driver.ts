import { FakeZaloBotApi, type ZaloFakeUser, type ZaloSentMessage } from '../../fakes/zalo-bot-api.js';
import { matches, type ChannelDriver, type ChatUser, type Received } from './driver.js';

/** A numbered line as the Zalo renderer writes it: "2. ✅ Đã nhận". */
const NUMBERED = /^(\d{1,2})\. (.+)$/;

export const ZALO_TEST_SECRET = 'zalo-webhook-secret-1234';

/**
 * Zalo Bot Platform: the real ZaloBotClient against the fake, long polling (or the webhook);
 * choices are typed back by number.
 */
export function zaloDriver(opts: { webhook?: boolean } = {}): ChannelDriver & { readonly fake: FakeZaloBotApi } {
  let fake: FakeZaloBotApi;
  let nextId = 1;
  const users = new Map<string, ZaloFakeUser>();
  const person = (u: ChatUser) => users.get(u.id)!;
  const read = (m: ZaloSentMessage): Received => {
    const choices = m.text.split('\n').flatMap((line) => NUMBERED.exec(line)?.[2] ?? []);
    const link = /https?:\/\/\S+\/upload\/\S+/.exec(m.text)?.[0];
    return { text: m.text, choices, link };
  };
  return {
    channel: 'zalo',
    documentsIn: false,
    get fake() {
      return fake;
    },
    async start({ webhookBase }) {
      fake = await FakeZaloBotApi.start();
      const webhook: Record<string, string> = opts.webhook ? { ZALO_WEBHOOK_URL: `${webhookBase}/zalo/webhook`, ZALO_WEBHOOK_SECRET: ZALO_TEST_SECRET } : {};
      return { ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot, ...webhook };
    },
    newUser(name) {
      // Zalo ids are opaque hex strings, longer than a JavaScript number holds.
      const user = { id: `7e1a${String(nextId++).padStart(16, '0')}`, name };
      users.set(user.id, user);
      return { id: user.id, name };
    },
    async sendText(u, text) {
      await fake.userSendsText(person(u), text);
    },
    async sendInviteCode(u, code) {
      await fake.userSendsText(person(u), code);
    },
    async choose(u, label) {
      const sent = fake.messagesTo(u.id);
      for (let i = sent.length - 1; i >= 0; i--) {
        for (const line of sent[i]!.text.split('\n')) {
          const n = NUMBERED.exec(line);
          if (n && matches(label, n[2]!)) return void (await fake.userSendsText(person(u), n[1]!));
        }
      }
      throw new Error(`no numbered choice ${String(label)} in ${JSON.stringify(sent.map((m) => m.text))}`);
    },
    received: (u) => fake.messagesTo(u.id).map(read),
    async waitFor(u, pattern, after = 0) {
      return read(await fake.waitForText(u.id, pattern, 5000, after));
    },
    close: () => fake.close(),
  };
}
