import { CAPABILITIES } from '../../core/capabilities.js';
import type { InboundEvent, InboundFile } from '../../core/messages.js';
import type { ChannelAdapter } from '../adapter.js';
import { WebFileDrop } from './file-drop.js';
import { WebChannelSender } from './sender.js';

/**
 * The web simulator as a channel: always on, nothing to start. Its page (/simulator) is
 * mounted by the service next to the dashboard; files picked there wait in `files`.
 */
export class WebChannel implements ChannelAdapter {
  readonly channel = 'web' as const;
  readonly capabilities = CAPABILITIES.web;
  readonly sender = new WebChannelSender();
  readonly files = new WebFileDrop();

  fetchFile(_event: InboundEvent, file: InboundFile): Promise<Buffer> {
    return this.files.fetch(file);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
