// Time without a clock: RFC 3339 timestamps parsed strictly and fast, and local wall-clock time in
// an IANA zone through cached Intl.DateTimeFormat instances (one per zone, results cached per UTC
// minute, because formatToParts costs microseconds and decide() has a budget of about two).

const MS_PER_MINUTE = 60_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const PARSED = new Map<string, number>();
const PARSED_LIMIT = 1024;

/**
 * Milliseconds since the epoch of an RFC 3339 date-time
 * (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` and `Z` in either case), or NaN.
 * Years before 1000, seconds 60 (leap seconds), impossible dates and fractions of more than nine
 * digits (finer than nanoseconds, which no clock gives and JSON Schema's date-time check rounds
 * into the next second) are rejected.
 * A fraction finer than a millisecond is kept as a marker: the whole milliseconds + 0.5 when any
 * digit after the third is not zero. The instant is then known to lie strictly between that
 * millisecond and the next, so comparing with a whole millisecond is exact, and `compareSpan`
 * reads the digits from the text when two such instants tie.
 * Results are cached (bounded): observation times recur across requests, and a lookup is a
 * third of the cost of parsing.
 */
export function parseTimestamp(s: string): number {
  let ms = PARSED.get(s);
  if (ms === undefined) {
    ms = parse(s);
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    PARSED.set(s, ms);
  }
  return ms;
}

function parse(s: string): number {
  const len = s.length;
  if (len < 20) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const t = s.charCodeAt(10);
  if (
    year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
    second < 0 || second > 59 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116) ||
    s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58
  ) return NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    const start = i;
    let scale = 100;
    let finer = 0;
    while (i < len) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 1) ms += c * scale; // whole milliseconds, in integers: no rounding up into the next second
      else finer |= c;
      scale /= 10;
      i++;
    }
    if (i === start || i - start > 9) return NaN;
    if (finer !== 0) ms += 0.5;
  }
  let offsetMinutes = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== len) return NaN;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== len || s.charCodeAt(i + 3) !== 58) return NaN;
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offsetMinutes = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  return (daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) * 1000 + ms - offsetMinutes * MS_PER_MINUTE;
}

/**
 * The sign of (t1 − t0) − boundMs, exact to the last fraction digit: t1 and t0 are
 * parseTimestamp() of the texts. Whole milliseconds decide unless the instants carry finer
 * digits and the difference is within a millisecond of the bound; then the digits do.
 */
export function compareSpan(t1: number, t1Text: string, t0: number, t0Text: string, boundMs: number): number {
  const f1 = Math.floor(t1);
  const f0 = Math.floor(t0);
  const d = f1 - f0 - boundMs;
  if (d >= 1 || d <= -1 || (f1 === t1 && f0 === t0)) return d;
  const r1 = finerDigits(t1Text);
  const r0 = finerDigits(t0Text);
  if (d === 0) return r1 === r0 ? 0 : r1 > r0 ? 1 : -1; // digit strings without trailing zeros: text order is numeric order
  return d + (fractionOf(r1) - fractionOf(r0));
}

/**
 * (t1 − t0) in milliseconds, finer digits included (as a float): what ages and elapsed times show,
 * so that a record never says 120 s for a signal it found older than 120 s.
 */
export function spanMs(t1: number, t1Text: string, t0: number, t0Text: string): number {
  const f1 = Math.floor(t1);
  const f0 = Math.floor(t0);
  if (f1 === t1 && f0 === t0) return f1 - f0;
  return f1 - f0 + (fractionOf(finerDigits(t1Text)) - fractionOf(finerDigits(t0Text)));
}

const fractionOf = (digits: string): number => (digits === '' ? 0 : Number(`0.${digits}`));

/** The fraction digits after the third (sub-millisecond), without trailing zeros; '' when none. */
function finerDigits(text: string): string {
  if (text.charCodeAt(19) !== 46) return '';
  let end = 20;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  return text.slice(23, end).replace(/0+$/, '');
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); Date.UTC is slower. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Midnight UTC at the start of an ISO date (YYYY-MM-DD), or NaN. */
export function parseDate(date: string): number {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) return NaN;
  return parse(`${date}T00:00:00Z`);
}

/** YYYYMMDD as a number, for comparing dates. */
export function dateNumber(date: string): number {
  return Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, 0…1439. */
  minute: number;
  /** Local date as YYYYMMDD. */
  date: number;
  /** For messages: `Mon 2026-11-02 09:30`. */
  text: string;
}

export interface Zone {
  name: string;
  format: Intl.DateTimeFormat | null;
  cache: Map<number, LocalTime>;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_TEXT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ZONES = new Map<string, Zone | null>();
const CACHE_LIMIT = 4096;

/** The zone, created once per process; null for a name Intl does not know. */
export function zone(name: string): Zone | null {
  let z = ZONES.get(name);
  if (z !== undefined) return z;
  if (name === 'UTC' || name === 'Etc/UTC') {
    z = { name, format: null, cache: new Map() };
  } else {
    try {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit',
      });
      z = { name, format, cache: new Map() };
    } catch {
      z = null;
    }
  }
  ZONES.set(name, z);
  return z;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function make(weekday: number, year: number, month: number, day: number, hour: number, minute: number): LocalTime {
  return {
    weekday,
    minute: hour * 60 + minute,
    date: year * 10000 + month * 100 + day,
    text: `${WEEKDAY_TEXT[weekday]} ${year}-${pad2(month)}-${pad2(day)} ${pad2(hour)}:${pad2(minute)}`,
  };
}

function compute(z: Zone, epochMinute: number): LocalTime {
  const ms = epochMinute * MS_PER_MINUTE;
  if (z.format === null) {
    const d = new Date(ms);
    return make((d.getUTCDay() + 6) % 7, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
  }
  let weekday = 0, year = 0, month = 0, day = 0, hour = 0, minute = 0;
  for (const part of z.format.formatToParts(ms)) {
    switch (part.type) {
      case 'weekday': weekday = WEEKDAY_TEXT.indexOf(part.value); break;
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value) % 24; break;
      case 'minute': minute = Number(part.value); break;
      default: break;
    }
  }
  return make(weekday, year, month, day, hour, minute);
}

/** Local wall-clock time of an instant in a zone (to the minute). */
export function localTime(z: Zone, ms: number): LocalTime {
  const epochMinute = Math.floor(ms / MS_PER_MINUTE);
  let t = z.cache.get(epochMinute);
  if (t === undefined) {
    t = compute(z, epochMinute);
    if (z.cache.size >= CACHE_LIMIT) z.cache.clear();
    z.cache.set(epochMinute, t);
  }
  return t;
}
