import { systemActor } from '../../domain/context.js';
import type { AdapterFactory } from '../adapter.js';
import { ZaloOaAdapter } from './adapter.js';

/**
 * The Zalo Official Account, when its four credentials are set (ZALO_OA_APP_ID,
 * ZALO_OA_APP_SECRET, ZALO_OA_SECRET_KEY, ZALO_OA_ID).
 */
export const zaloOaChannel: AdapterFactory = ({ config, db, clock, log, inbox, testChatPace }) => {
  const oa = config.zaloOa;
  if (!oa) return undefined;
  const ctx = { db, clock, log, actor: systemActor('zalo_oa'), timeZone: config.timeZone, filesDir: config.filesDir };
  return new ZaloOaAdapter({ ...oa, publicBaseUrl: config.publicBaseUrl, chatPace: testChatPace }, inbox, ctx);
};
