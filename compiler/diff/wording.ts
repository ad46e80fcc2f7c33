// Small helpers for the one-line sentences: lists, durations, percentages, and what each gate
// lets the AI do, in words.

import type { BundleCondition, BundleContact, Grant } from '../bundle/types.js';
import type { Person } from '../language/runbook.js';
import { formatDuration } from '../util/duration.js';
import { floor, type Level } from './levels.js';

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** 90 → "1m30s", 86400 → "1d": the runbook's own duration notation; "none" when there is none. */
export function duration(seconds: number | undefined | null): string {
  return seconds === undefined || seconds === null ? 'none' : formatDuration(seconds);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 10000) / 100}%`;
}

export function num(n: number | undefined, unit?: string): string {
  if (n === undefined) return 'none';
  return unit ? `${n} ${unit}` : String(n);
}

export function personText(p: Person | undefined | null): string {
  if (!p) return 'nobody';
  return `${p.name} <${p.email}>`;
}

export function contactText(c: BundleContact): string {
  return c.name === c.id ? c.id : `${c.name} (${c.id})`;
}

/** What a grant lets the AI do, given its gate and AI role: "on its own", "with a named human's approval", … */
export function modePhrase(level: Level): string {
  switch (level) {
    case 0: return 'on its own';
    case 1: return 'on its own unless vetoed';
    case 2: return 'with a named human\'s approval';
    case 3: return 'only for a human to carry out';
    case 4: return 'only through the change board';
    case 5: return 'never (it is prohibited)';
  }
}

/** The same words for several actors at once. */
export function pluralMode(mode: string): string {
  return mode.replace(/\bits own\b/, 'their own');
}

export function grantMode(g: Grant): string {
  return modePhrase(floor(g));
}

export const GATE_WORDS: Record<Grant['gate'], string> = {
  autonomous: 'autonomous (acts on its own)',
  notify: 'notify (acts unless vetoed)',
  approve: 'approve (a named human approves first)',
  'human-executes': 'human-executes (the AI drafts, a human acts)',
  'change-board': 'change-board (the change board decides)',
};

export const DECISION_WORDS: Record<string, string> = {
  approve: 'a named human\'s approval',
  'human-executes': 'a human to carry it out',
  'change-board': 'the change board',
  deny: 'a denial',
};

const WHEN_WORDS: Record<BundleCondition['when'], string> = {
  above: 'goes above', below: 'goes below', 'rises-by': 'rises by', 'falls-by': 'falls by',
};

export function conditionText(c: BundleCondition): string {
  const threshold = c.when === 'rises-by' || c.when === 'falls-by' ? percent(c.threshold) : String(c.threshold);
  const span = c.intervals === 1 ? duration(c.intervalSeconds) : `${c.intervals} × ${duration(c.intervalSeconds)}`;
  return `${c.signal} ${WHEN_WORDS[c.when]} ${threshold} for ${span}`;
}

export function quote(text: string): string {
  return `“${text.length > 120 ? `${text.slice(0, 117)}…` : text}”`;
}

/** A JSON value in one short line, for before/after columns. */
export function short(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.length ? value.join(', ') : '(none)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A field's old or new value for people: durations, percentages and conditions in runbook notation. */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (/Seconds$/.test(field)) return duration(value);
    if (/farOutsideMargin$/.test(field)) return percent(value);
    if (/reviewCycleDays$/.test(field)) return `${value}d`;
    return String(value);
  }
  const v = value as Record<string, unknown>;
  if (typeof v === 'object' && !Array.isArray(v)) {
    if (typeof v.signal === 'string' && typeof v.when === 'string') return conditionText(v as unknown as BundleCondition);
    if (typeof v.amount === 'number' && typeof v.currency === 'string') return `${v.amount} ${v.currency}`;
    if (typeof v.name === 'string' && typeof v.version === 'string') return `${v.name} ${v.version}`;
    if (typeof v.name === 'string' && typeof v.email === 'string') return personText(v as unknown as Person);
    if (typeof v.on === 'string') return `${v.on}${typeof v.count === 'number' ? ` ${v.count} in ${duration(v.windowSeconds as number)}` : ''}`;
    if (typeof v.ackWithinSeconds === 'number') return `${(v.contact as BundleContact).id} within ${duration(v.ackWithinSeconds)}`;
    if (typeof v.question === 'string') return quote(v.question);
  }
  if (Array.isArray(value) && value.every((x) => x !== null && typeof x === 'object' && 'days' in x)) {
    return (value as Array<{ days: string[]; from: string; to: string }>).map((w) => `${dayRanges(w.days)} ${w.from}–${w.to}`).join('; ') || '(any time)';
  }
  if (Array.isArray(value) && value.every((x) => x !== null && typeof x === 'object' && 'reason' in x)) {
    return (value as Array<{ from: string; to: string }>).map((f) => `${f.from}–${f.to}`).join('; ') || '(none)';
  }
  return short(value);
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** [mon, tue, wed, thu, fri, sun] → "mon–fri, sun". */
export function dayRanges(days: readonly string[]): string {
  const idx = [...new Set(days.map((d) => WEEK.indexOf(d)).filter((i) => i >= 0))].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${WEEK[idx[i]!]}–${WEEK[idx[j]!]}` : idx.slice(i, j + 1).map((k) => WEEK[k]).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}
