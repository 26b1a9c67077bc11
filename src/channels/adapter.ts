import type { Hono } from 'hono';
import type { Config } from '../config/env.js';
import type { Inbox } from '../conversation/inbox.js';
import type { StaffChat } from '../conversation/flows/staff-group-post.js';
import type { ChannelCapabilities } from '../core/capabilities.js';
import type { Channel, InboundEvent, InboundFile } from '../core/messages.js';
import type { Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ChannelSender } from '../outbox/channel-sender.js';

/** A downloaded file, or how big it turned out to be when that is over the limit. */
export type FetchedFile = Buffer | { tooBigBytes: number };

/**
 * One messaging platform, as the service sees it. Every adapter is alike: it turns platform
 * updates into InboundEvents (stored in the inbox before the platform gets its answer) and
 * OutboundMessages into platform calls (its sender). No platform type crosses this line.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  readonly capabilities: ChannelCapabilities;
  /** Delivers outbox rows of this channel; carries the channel's limits (sender.limits). */
  readonly sender: ChannelSender;
  /** The platform's webhook, mounted at `path` ahead of the pages' and API's middleware (it checks its own secret). */
  readonly webhook?: { path: string; app: Hono };
  /** Pages for staff (behind the dashboard's sign-in), mounted at `path`, when the adapter has any. */
  readonly routes?: { path: string; app: Hono };
  /** The staff group this channel posts new tickets to, when configured. */
  readonly staffChat?: StaffChat;
  /** Downloads a file a person sent; absent where the platform gives none. */
  fetchFile?(event: InboundEvent, file: InboundFile): Promise<FetchedFile>;
  /** Starts receiving (webhook registration or long polling). */
  start(): Promise<void>;
  /** Stops receiving; waits for a poll in flight. */
  stop(): Promise<void>;
}

/** What a factory gets to build its adapter from. */
export type AdapterDeps = {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  inbox: Inbox;
  /** Tests send many replies to one chat quickly: a per-chat pace instead of the platform's. */
  testChatPace?: { perSecond: number; burst: number };
};

/** Builds the channel's adapter, or returns undefined when its credentials are not configured. */
export type AdapterFactory = (deps: AdapterDeps) => ChannelAdapter | undefined;
