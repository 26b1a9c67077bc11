/** Scripted misbehaviour: failing, hanging or slow calls, and chats that blocked the bot. */
import { BotApiError, type FailSpec } from './telegram-types.js';

interface Countdown {
  times: number;
}
interface FailRule extends Countdown {
  spec: FailSpec;
}
interface DelayRule extends Countdown {
  ms: number;
}

/** `'*'` as a method name matches every method. */
export const ANY_METHOD = '*';

export class FaultPlan {
  private readonly fails = new Map<string, FailRule[]>();
  private readonly hangs = new Map<string, Countdown>();
  private readonly delays = new Map<string, DelayRule>();
  readonly blockedChats = new Set<number>();

  failNext(method: string, spec: FailSpec): void {
    const rules = this.fails.get(method) ?? [];
    rules.push({ spec, times: spec.times ?? 1 });
    this.fails.set(method, rules);
  }

  hangNext(method: string, times = 1): void {
    this.hangs.set(method, { times });
  }

  delayNext(method: string, ms: number, times = 1): void {
    this.delays.set(method, { ms, times });
  }

  takeHang(method: string): boolean {
    return this.take(this.hangs, method) !== undefined;
  }

  takeDelay(method: string): number | undefined {
    return this.take(this.delays, method)?.ms;
  }

  /** The scripted error for this call, if any (consumes one use of the rule). */
  takeFailure(method: string, chatId: number | undefined): BotApiError | undefined {
    for (const key of [method, ANY_METHOD]) {
      const rules = this.fails.get(key);
      const index = rules?.findIndex((r) => r.spec.chatId === undefined || r.spec.chatId === chatId) ?? -1;
      if (!rules || index < 0) continue;
      const rule = rules[index]!;
      rule.times -= 1;
      if (rule.times <= 0) rules.splice(index, 1);
      const { error_code, description, retry_after, migrate_to_chat_id } = rule.spec;
      const parameters = {
        ...(retry_after !== undefined && { retry_after }),
        ...(migrate_to_chat_id !== undefined && { migrate_to_chat_id }),
      };
      return new BotApiError(error_code, description, Object.keys(parameters).length > 0 ? parameters : undefined);
    }
    return undefined;
  }

  private take<T extends Countdown>(map: Map<string, T>, method: string): T | undefined {
    for (const key of [method, ANY_METHOD]) {
      const rule = map.get(key);
      if (!rule) continue;
      rule.times -= 1;
      if (rule.times <= 0) map.delete(key);
      return rule;
    }
    return undefined;
  }
}
