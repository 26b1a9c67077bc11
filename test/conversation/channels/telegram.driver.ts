import { FakeTelegramBotApi, type FakeUser, type SentMessage } from '../../fakes/telegram-bot-api.js';
import { matches, type ChannelDriver, type ChatUser, type Received } from './driver.js';

/** Telegram: the real telegraf client against the fake Bot API, long polling. */
export function telegramDriver(): ChannelDriver {
  let fake: FakeTelegramBotApi;
  let nextId = 6_100_001;
  const users = new Map<string, FakeUser>();
  const person = (u: ChatUser) => users.get(u.id)!;
  const read = (m: SentMessage): Received => {
    const buttons = m.buttons.flat();
    const link = buttons.find((b) => 'url' in b) as { url: string } | undefined;
    return { text: m.text, choices: buttons.filter((b) => 'callback_data' in b).map((b) => b.text), link: link?.url };
  };
  return {
    channel: 'telegram',
    documentsIn: true,
    async start() {
      fake = await FakeTelegramBotApi.start();
      return { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
    },
    newUser(name) {
      const user: FakeUser = { id: nextId++, firstName: name };
      users.set(String(user.id), user);
      return { id: String(user.id), name };
    },
    async sendText(u, text) {
      await fake.userSendsText(person(u), text);
    },
    async sendInviteCode(u, code) {
      await fake.userSendsCommand(person(u), '/start', code);
    },
    async sendDocument(u, file) {
      await fake.userSendsDocument(person(u), { fileName: file.name, mimeType: file.mimeType, bytes: file.bytes });
    },
    async choose(u, label) {
      const sent = fake.sentMessages(Number(u.id));
      for (let i = sent.length - 1; i >= 0; i--) {
        const button = sent[i]!.buttons.flat().find((b) => 'callback_data' in b && matches(label, b.text)) as { callback_data: string } | undefined;
        if (button) return void (await fake.userPressesButton(person(u), sent[i]!, button.callback_data));
      }
      throw new Error(`no button ${String(label)} in ${JSON.stringify(sent.map(read))}`);
    },
    received: (u) => fake.sentMessages(Number(u.id)).map(read),
    async waitFor(u, pattern, after = 0) {
      const find = () => fake.sentMessages(Number(u.id)).slice(after).find((m) => matches(pattern, m.text));
      await fake.waitForMessages(Number(u.id), after + 1);
      while (!find()) await fake.waitForMessages(Number(u.id), fake.sentMessages(Number(u.id)).length + 1);
      return read(find()!);
    },
    close: () => fake.close(),
  };
}
