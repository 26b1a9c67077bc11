/** Realistic Telegram webhook bodies: private text messages from many people. */

export type BenchUser = { id: number; firstName: string; lastName: string };

const FIRST = ['Lan', 'Hùng', 'Mai', 'Tuấn', 'Hoa', 'Minh', 'Thảo', 'Dũng', 'Hương', 'Nam', 'Linh', 'Quang'];
const LAST = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi'];

/** What parents and unit contacts actually type: commands, greetings, menu words, a question. */
export const TEXTS = [
  '/status',
  'xin chào',
  'hướng dẫn',
  '/help',
  'trạng thái',
  'Cho tôi hỏi lịch khai giảng năm học mới của trường ạ?',
  'Con tôi học lớp 10, thủ tục chuyển trường thế nào?',
  'cảm ơn',
];

export function makeUsers(count: number, firstId = 610_000_000): BenchUser[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    firstName: FIRST[i % FIRST.length]!,
    lastName: LAST[(i * 7) % LAST.length]!,
  }));
}

export function textUpdate(updateId: number, user: BenchUser, text: string, messageId = updateId % 1_000_000): string {
  const command = /^\/\w+/.exec(text);
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: user.id, is_bot: false, first_name: user.firstName, last_name: user.lastName, language_code: 'vi' },
      chat: { id: user.id, first_name: user.firstName, last_name: user.lastName, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
    },
  });
}

/** Deterministic pseudo-random numbers, so every run sends the same mix. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export type Stream = {
  bodies: string[];
  /** Update ids in this stream, without the redeliveries. */
  uniqueIds: number[];
  duplicates: number;
};

/**
 * `count` fresh updates from random users with random texts, update ids from `firstId`;
 * every `redeliverEvery`-th update is sent again a little later, as Telegram does after a
 * timeout (same update_id, same body). With `spread`, everyone writes once (in a shuffled
 * order) before anyone writes again, as many people do; without it, some write in bursts.
 */
export function textStream(opts: {
  users: BenchUser[];
  count: number;
  firstId: number;
  seed: number;
  redeliverEvery?: number;
  spread?: boolean;
}): Stream {
  const rand = seeded(opts.seed);
  const cycle: BenchUser[] = [];
  const nextUser = (): BenchUser => {
    if (!opts.spread) return opts.users[Math.floor(rand() * opts.users.length)]!;
    if (cycle.length === 0) cycle.push(...shuffled(opts.users, rand));
    return cycle.pop()!;
  };
  const bodies: string[] = [];
  const uniqueIds: number[] = [];
  const later = new Map<number, string[]>();
  let duplicates = 0;
  for (let i = 0; i < opts.count; i++) {
    const id = opts.firstId + i;
    const user = nextUser();
    const body = textUpdate(id, user, TEXTS[Math.floor(rand() * TEXTS.length)]!);
    bodies.push(body, ...(later.get(i) ?? []));
    later.delete(i);
    uniqueIds.push(id);
    if (opts.redeliverEvery && i % opts.redeliverEvery === opts.redeliverEvery - 1) {
      const at = Math.min(opts.count - 1, i + 50);
      later.set(at, [...(later.get(at) ?? []), body]);
      duplicates++;
    }
  }
  for (const rest of later.values()) bodies.push(...rest);
  return { bodies, uniqueIds, duplicates };
}

function shuffled<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
