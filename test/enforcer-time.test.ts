// Timestamps and local time: the enforcer's fast parser agrees with Date.parse on every valid
// RFC 3339 date-time and rejects the rest; local time in a zone agrees with Intl for any instant.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDate } from '../compiler/enforcer/shape-vocab.js';
import { compareSpan, localTime, parseDate, parseTimestamp, spanMs, zone } from '../compiler/enforcer/time.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('parseTimestamp', () => {
  it('agrees with Date.parse on valid RFC 3339 date-times, with offsets and fractions', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
      fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
      fc.constantFrom('', '.5', '.123', '.123456789', '.1230000', '.999', '.9999', '.999999999', '.000001'), fc.boolean(), fc.boolean(),
      (date, offset, fraction, zulu, lower) => {
        const local = new Date(date.getTime() + (zulu ? 0 : offset) * 60000);
        fc.pre(local.getUTCFullYear() >= 1000 && local.getUTCFullYear() <= 9999);
        const text = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}${lower ? 't' : 'T'}` +
          `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}` +
          (zulu ? (lower ? 'z' : 'Z') : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`);
        // Whole milliseconds as Date.parse reads them (the first three digits, never rounded up);
        // + 0.5 marks a finer digit that is not zero.
        const finer = /[1-9]/.test(fraction.slice(4));
        expect(parseTimestamp(text)).toBe(Date.parse(text.toUpperCase()) + (finer ? 0.5 : 0));
      },
    ), { numRuns: 2000 });
  });

  it('compareSpan gives the exact sign of (t1 − t0) − bound, however many fraction digits', () => {
    const instant = fc.record({
      second: fc.integer({ min: 0, max: 400 }),
      digits: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9]{1,9}$/)),
    });
    const textOf = (i: { second: number; digits: string }) =>
      `2026-11-03T10:${pad(Math.floor(i.second / 60))}:${pad(i.second % 60)}${i.digits ? `.${i.digits}` : ''}Z`;
    // Exact: femtoseconds as BigInt.
    const femto = (i: { second: number; digits: string }) => BigInt(i.second) * 10n ** 15n + BigInt((i.digits || '0').padEnd(15, '0'));
    // The bound: mostly within a millisecond of the whole-ms difference, where only the finer
    // digits decide; sometimes anywhere.
    const wholeMs = (i: { second: number; digits: string }) => i.second * 1000 + Number((i.digits || '0').padEnd(3, '0').slice(0, 3));
    const bound = fc.oneof(
      { arbitrary: fc.record({ near: fc.constantFrom(-1, 0, 1) }), weight: 4 },
      { arbitrary: fc.record({ ms: fc.integer({ min: -200_000, max: 200_000 }) }), weight: 1 },
    );
    let ties = 0;
    fc.assert(fc.property(instant, instant, bound, (a, b, pick) => {
      const boundMs = 'ms' in pick ? pick.ms : wholeMs(a) - wholeMs(b) + pick.near;
      if (wholeMs(a) - wholeMs(b) === boundMs) ties++;
      const exact = femto(a) - femto(b) - BigInt(boundMs) * 10n ** 12n;
      const got = compareSpan(parseTimestamp(textOf(a)), textOf(a), parseTimestamp(textOf(b)), textOf(b), boundMs);
      expect(Math.sign(got)).toBe(exact > 0n ? 1 : exact < 0n ? -1 : 0);
    }), { numRuns: 5000 });
    expect(ties).toBeGreaterThan(500); // the finer digits decided often
    // Near ties, where only the finer digits decide.
    const at = (text: string) => [parseTimestamp(text), text] as const;
    const span = (x: readonly [number, string], y: readonly [number, string], bound: number) => Math.sign(compareSpan(x[0], x[1], y[0], y[1], bound));
    expect(span(at('2026-11-03T10:02:00.0009Z'), at('2026-11-03T10:00:00Z'), 120_000)).toBe(1);
    expect(span(at('2026-11-03T10:02:00.00000Z'), at('2026-11-03T10:00:00Z'), 120_000)).toBe(0);
    expect(span(at('2026-11-03T10:02:00.0001Z'), at('2026-11-03T10:00:00.00010Z'), 120_000)).toBe(0);
    expect(span(at('2026-11-03T10:02:00.0001Z'), at('2026-11-03T10:00:00.00011Z'), 120_000)).toBe(-1);
    expect(span(at('2026-11-03T10:00:00.999999999Z'), at('2026-11-03T10:00:01Z'), 0)).toBe(-1);
    // What is shown agrees with what was compared: never 120 s for an age found over 120 s.
    const shown = (x: readonly [number, string], y: readonly [number, string]) => spanMs(x[0], x[1], y[0], y[1]);
    expect(shown(at('2026-11-03T10:00:00.0001Z'), at('2026-11-03T09:58:00Z'))).toBeGreaterThan(120_000);
    expect(shown(at('2026-11-03T10:00:00Z'), at('2026-11-03T09:57:59.9999Z'))).toBeCloseTo(120_000.1, 6);
    expect(shown(at('2026-11-03T10:00:00.5Z'), at('2026-11-03T09:58:00.25Z'))).toBe(120_250);
  });

  it.each([
    '', '2026-11-03', '2026-11-03T10:00:00', '2026-11-03 10:00:00Z', '2026-11-03T10:00Z', '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z', '2026-11-31T00:00:00Z', '2026-11-03T24:00:00Z', '2026-11-03T10:60:00Z', '2026-12-31T23:59:60Z',
    '2026-11-03T10:00:00.Z', '2026-11-03T10:00:00+0100', '2026-11-03T10:00:00+24:00', '2026-11-03T10:00:00Zjunk',
    '0999-01-01T00:00:00Z', '+2026-11-03T10:00:00Z', '２０２６-11-03T10:00:00Z', 'Tue, 03 Nov 2026 10:00:00 GMT',
    '2026-11-03T09:59:59.9999999999Z',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeNaN();
  });

  it('accepts leap days and parses dates at UTC midnight', () => {
    expect(parseTimestamp('2028-02-29T12:00:00Z')).toBe(Date.UTC(2028, 1, 29, 12));
    expect(parseTimestamp('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseTimestamp('1900-02-29T00:00:00Z')).toBeNaN();
    expect(parseDate('2027-04-04')).toBe(Date.UTC(2027, 3, 4));
    expect(parseDate('2027-4-4')).toBeNaN();
  });

  // The structure check refuses a bundle date parseDate cannot read: a NaN expiry is never reached.
  it('the structure check accepts exactly the dates parseDate reads', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const date = `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}`;
      expect(isDate(date)).toBe(!Number.isNaN(parseDate(date)));
    }), { numRuns: 2000, examples: [[2026, 2, 30], [2024, 2, 29], [1900, 2, 29], [2000, 2, 29], [999, 1, 1], [2026, 4, 31]] });
    expect(isDate('2026-02-30')).toBe(false);
  });
});

describe('localTime', () => {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns'];
  const formatters = new Map(zones.map((z) => [z, new Intl.DateTimeFormat('en-US', {
    timeZone: z, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  })]));

  it('agrees with Intl.DateTimeFormat in every zone, across DST changes', () => {
    fc.assert(fc.property(
      fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
      (name, ms) => {
        const t = localTime(zone(name)!, ms);
        const parts = Object.fromEntries(formatters.get(name)!.formatToParts(ms).map((p) => [p.type, p.value]));
        expect(t.text).toBe(`${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`);
        expect(t.minute).toBe(Number(parts.hour) * 60 + Number(parts.minute));
        expect(t.date).toBe(Number(`${parts.year}${parts.month}${parts.day}`));
        expect(t.weekday).toBe(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!));
      },
    ), { numRuns: 3000 });
  });

  it('knows a zone Intl does not as null, once', () => {
    expect(zone('Mars/Olympus_Mons')).toBeNull();
    expect(zone('Europe/Berlin')).toBe(zone('Europe/Berlin'));
  });
});
