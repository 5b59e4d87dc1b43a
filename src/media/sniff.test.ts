import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from './sniff.js';

const pixel = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#c33' } });

describe('sniffImageType', () => {
  it('recognises each accepted type by its bytes', async () => {
    expect(sniffImageType(await pixel().jpeg().toBuffer())).toBe('image/jpeg');
    expect(sniffImageType(await pixel().png().toBuffer())).toBe('image/png');
    expect(sniffImageType(await pixel().webp().toBuffer())).toBe('image/webp');
    expect(sniffImageType(await pixel().avif().toBuffer())).toBe('image/avif');
  });

  it('refuses other types whatever they are called', async () => {
    expect(sniffImageType(await pixel().gif().toBuffer())).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
  });
});
