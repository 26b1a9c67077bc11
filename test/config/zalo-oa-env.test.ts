import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';

const oa = { ZALO_OA_APP_ID: '3608465248940903967', ZALO_OA_APP_SECRET: 'app-secret', ZALO_OA_SECRET_KEY: 'oa-secret', ZALO_OA_ID: '388613280878808645' };

describe('Zalo OA configuration', () => {
  it('is off without credentials and on with all four, with Zalo hosts by default', () => {
    expect(loadConfig({}).zaloOa).toBeUndefined();
    const c = loadConfig(oa);
    expect(c.zaloOa).toEqual({
      appId: oa.ZALO_OA_APP_ID,
      appSecret: 'app-secret',
      oaSecretKey: 'oa-secret',
      oaId: oa.ZALO_OA_ID,
      apiRoot: 'https://openapi.zalo.me',
      oauthRoot: 'https://oauth.zaloapp.com',
      maxMessagesPerSecond: 20,
      bootstrapRefreshToken: undefined,
    });
    expect(c.demoData).toBe(false);
  });

  it('names each missing credential when only some are set, and a non-numeric id', () => {
    expect(() => loadConfig({ ZALO_OA_APP_ID: oa.ZALO_OA_APP_ID, ZALO_OA_ID: oa.ZALO_OA_ID })).toThrow(
      /ZALO_OA_APP_SECRET: required[\s\S]*ZALO_OA_SECRET_KEY: required/,
    );
    expect(() => loadConfig({ ...oa, ZALO_OA_ID: 'my-oa' })).toThrow(/ZALO_OA_ID: the numeric OA id/);
  });
});
