/** An image of many pixels is handed to the models scaled down to a bounded size, with its shape kept. */
import { describe, expect, it } from 'vitest';
import { MAX_PIXELS, MAX_WORKING_PIXELS } from '../../workers/image/contract';
import { workingSize } from '../../workers/image/decode';

describe('workingSize', () => {
  it('leaves an image that fits as it is', () => {
    expect(workingSize(1920, 1080)).toBeUndefined();
    expect(workingSize(2048, 2048)).toBeUndefined();
  });

  it('scales the largest image accepted down to the working budget, keeping its aspect', () => {
    for (const [width, height] of [
      [7000, 7000],
      [50_000, 1000],
      [1, MAX_PIXELS],
    ] as const) {
      const scaled = workingSize(width, height)!;
      expect(scaled.resizeWidth * scaled.resizeHeight).toBeLessThanOrEqual(MAX_WORKING_PIXELS);
      expect(scaled.resizeWidth).toBeGreaterThanOrEqual(1);
      // A side of one pixel cannot shrink further; the other then takes the whole budget.
      if (scaled.resizeWidth > 1) expect(Math.abs(scaled.resizeWidth / scaled.resizeHeight - width / height) / (width / height)).toBeLessThan(0.01);
    }
  });
});
