import { expect, it, vi } from 'vitest';

// Records when anything first imports sharp, so the test can tell start-up from the first card.
const loaded = vi.hoisted(() => ({ sharp: false }));
vi.mock('sharp', async (importOriginal) => {
  loaded.sharp = true;
  return importOriginal();
});

it('loads sharp when the first card is drawn, not when the service is loaded', async () => {
  const { renderShareCard } = await import('./share-card-service.js');
  expect(loaded.sharp).toBe(false);
  const png = await renderShareCard({ headline: 'The harbour wakes', section: 'World', siteName: 'The Meridian' });
  expect(loaded.sharp).toBe(true);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
});
