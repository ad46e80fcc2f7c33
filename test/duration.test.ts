// formatDuration: seconds written the way runbooks write durations, and read back by parseDuration.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../compiler/util/duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'], [45, '45s'], [90, '1m30s'], [120, '2m'], [3600, '1h'], [86400, '1d'], [259200, '3d'],
    [604800, '1w'], [1209600, '2w'], [864000, '10d'], [179.999, '2m59.999s'], [0.5, '0.5s'], [-30, '-30s'],
    // Rounded before the units are split: never a unit's full count (1m60s).
    [119.9999996, '2m'], [604799.9999999, '1w'], [1e-7, '1e-7s'], [1e21, '1e+21s'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('is read back by parseDuration, for any whole number of seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 365 * 86400 }), (seconds) => {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }), { numRuns: 2000 });
  });
});
