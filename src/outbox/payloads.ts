import type { OutboundMessage } from '../core/messages.js';

/** Distinct payloads kept: a few broadcasts and reminder texts going out at once. */
const KEPT = 16;

/**
 * Parses outbox payloads, the same text once: the 10,000 rows of a broadcast share one
 * payload, so they share one message object too, and a channel can keep what it rendered
 * for it (by identity). Messages from here are read, never changed.
 */
export class PayloadCache {
  private readonly parsed = new Map<string, OutboundMessage>();

  parse(payload: string): OutboundMessage {
    let message = this.parsed.get(payload);
    if (!message) {
      message = JSON.parse(payload) as OutboundMessage;
      if (this.parsed.size >= KEPT) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(payload, message);
    }
    return message;
  }
}
