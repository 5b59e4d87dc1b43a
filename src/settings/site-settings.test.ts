import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { defaultSiteSettings } from './site-settings.js';

describeEachDatabase('site settings', (fixture) => {
  const admin = { id: 1, role: 'admin' as const, author_id: null };
  const changed = { supportPrompt: 'Keep the Gazette going: join today.', membershipUrl: 'https://pay.example.org/members', donationUrl: '', partnerSlotAfter: 2, meterFreeArticles: 3, meterRegisteredArticles: 7, giftsPerMonth: 2, supporterGoal: 500 };
  const rows = () => fixture().database.db.selectFrom('site_settings').selectAll().orderBy('key').execute();

  beforeAll(async () => {
    expect(await fixture().services.settings.get()).toEqual(defaultSiteSettings);
  });

  it('an admin saves them and they read back', async () => {
    const { settings } = fixture().services;
    await settings.save(admin, changed, '2026-12-01T10:00:00.000Z');
    expect(await settings.get()).toEqual(changed);
    expect((await rows()).map((r) => [r.key, r.value])).toContainEqual(['supportPrompt', JSON.stringify(changed.supportPrompt)]);
  });

  it('an editor is refused and nothing changes', async () => {
    const { settings } = fixture().services;
    const before = await rows();
    await expect(settings.save({ id: 2, role: 'editor', author_id: null }, { ...changed, supportPrompt: 'Taken over' })).rejects.toThrow(ForbiddenError);
    expect(await rows()).toEqual(before);
  });

  it('names each bad field and writes nothing', async () => {
    const { settings } = fixture().services;
    const before = await rows();
    const attempt = settings.save(admin, { supportPrompt: ' ', membershipUrl: 'javascript:alert(1)', donationUrl: 'http://plain.example.org', partnerSlotAfter: undefined, meterFreeArticles: 5, meterRegisteredArticles: 10, giftsPerMonth: 5, supporterGoal: 0 });
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toThrow(
      'Invalid settings: supportPrompt: is required; membershipUrl: must be an https:// address, or empty; donationUrl: must be an https:// address, or empty; partnerSlotAfter: must be a whole number',
    );
    expect(await rows()).toEqual(before);
  });

  it('a stored value this version no longer accepts reads as its default, the rest as stored', async () => {
    const { settings, database } = fixture().services;
    await database.db.updateTable('site_settings').set({ value: '"ftp://old.example.org"' }).where('key', '=', 'membershipUrl').execute();
    await database.db.updateTable('site_settings').set({ value: 'two' }).where('key', '=', 'partnerSlotAfter').execute();
    expect(await settings.get()).toEqual({ ...changed, membershipUrl: '', partnerSlotAfter: defaultSiteSettings.partnerSlotAfter });
  });
});
