import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audienceUnitIds, isUnitInAudience } from '../../src/domain/audience.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { insertUnits } from '../helpers/fixtures.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe('audienceUnitIds', () => {
  it('returns active units of any listed kind or listed by id, once each', () => {
    const [pgd1, pgd2, thpt, mn, closed] = insertUnits(t.db, [
      { code: 'PGD1', name: 'Phòng GDĐT 1', kind: 'phong_gddt' },
      { code: 'PGD2', name: 'Phòng GDĐT 2', kind: 'phong_gddt' },
      { code: 'THPT1', name: 'THPT 1', kind: 'truong_thpt' },
      { code: 'MN1', name: 'Mầm non 1', kind: 'truong_mam_non' },
      { code: 'PGD-OLD', name: 'Phòng GDĐT cũ', kind: 'phong_gddt', active: false },
    ]);
    expect(audienceUnitIds(t.db, { audienceKinds: ['phong_gddt'], audienceUnitIds: [pgd1!, thpt!, closed!] })).toEqual([pgd1, pgd2, thpt]);
    expect(audienceUnitIds(t.db, { audienceKinds: [], audienceUnitIds: [mn!] })).toEqual([mn]);
    expect(audienceUnitIds(t.db, { audienceKinds: [], audienceUnitIds: [] })).toEqual([]);
    expect(isUnitInAudience(t.db, { audienceKinds: ['truong_thpt'], audienceUnitIds: [] }, thpt!)).toBe(true);
    expect(isUnitInAudience(t.db, { audienceKinds: ['truong_thpt'], audienceUnitIds: [] }, mn!)).toBe(false);
    expect(isUnitInAudience(t.db, { audienceKinds: ['phong_gddt'], audienceUnitIds: [] }, closed!)).toBe(false);
  });
});
