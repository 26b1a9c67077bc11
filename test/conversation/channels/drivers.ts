import type { ChannelDriver } from './driver.js';
import { telegramDriver } from './telegram.driver.js';
import { zaloDriver } from './zalo.driver.js';
import { zaloOaDriver } from './zalo-oa.driver.js';

/** Every channel the conversation suite runs on: one line per driver. */
export const DRIVERS: { name: string; make: () => ChannelDriver }[] = [
  { name: 'Telegram', make: telegramDriver },
  { name: 'Zalo Bot', make: zaloDriver },
  { name: 'Zalo OA', make: zaloOaDriver },
];
