import { randomUUID } from 'node:crypto';
import type { InboundFile } from '../../core/messages.js';

/**
 * Files picked in the simulator wait here until the engine fetches them, the way a Telegram
 * file waits on Telegram's servers. Short-lived and bounded: it is a demo channel.
 */
export class WebFileDrop {
  private readonly files = new Map<string, Buffer>();

  put(bytes: Buffer): string {
    if (this.files.size > 100) this.files.delete(this.files.keys().next().value!);
    const ref = `sim:${randomUUID()}`;
    this.files.set(ref, bytes);
    return ref;
  }

  async fetch(file: InboundFile): Promise<Buffer> {
    const bytes = this.files.get(file.ref);
    if (!bytes) throw new Error('simulator file is gone (the server restarted); pick it again');
    this.files.delete(file.ref);
    return bytes;
  }
}
