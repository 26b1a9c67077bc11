import type { AdapterFactory } from './adapter.js';
import { telegramChannel } from './telegram/channel.js';
import { zaloBotChannel } from './zalo/channel.js';
import { zaloOaChannel } from './zalo-oa/channel.js';

/**
 * Every messaging platform the service can run, each turned on by its own credentials.
 * A new channel is one factory here; the service loops over those that return an adapter.
 */
export const CHANNEL_FACTORIES: readonly AdapterFactory[] = [telegramChannel, zaloBotChannel, zaloOaChannel];
