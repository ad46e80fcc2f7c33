// A bundle's text located rather than parsed: where each top-level member's value and each
// runbook and rule record starts and ends. loadBundle() then parses one record at a time,
// checks it while it is still in cache and lets it go, and parses a record again when a grant
// of it is first prepared.
//
// Why: one JSON.parse of a 10,000-runbook bundle (31 MB) builds a 55 MB tree that the
// young-generation collector copies twice while it is being built (≈ 100 ms), and leaves laid
// out breadth-first, so the structure check walking it misses the cache on nearly every object
// (≈ 150 ms). Record by record, nothing large is alive to copy and each record is checked while
// its memory is hot; only the text stays (31 MB, against the tree's 55).
//
// Located: what `gatebook build` writes — canonical JSON with each member of the tables on a line
// of its own (bundle/layout.ts) — and the same text on one line (older builds, `jq -c`): no white
// space between tokens at the top two levels but those line breaks, no key twice there, the
// runbooks and rules in ascending order of their ids. For anything else scanBundle() answers null
// and the loader parses the whole text, as before. Located text means exactly what JSON.parse of
// the whole would: every separator and key at the two levels is checked here (a raw control
// character refused, as JSON.parse refuses it) and every value is later parsed whole by
// JSON.parse (a slice that is not one JSON value fails). On one line a value's end is found by
// JSON's own tokenization (strings skipped, brackets counted), so a slice that parses is the value
// the whole text holds there. A member per line, a value ends where its line does — found by
// memchr in native code, not by a loop over every byte in JavaScript: JSON text cannot hold a
// line break inside a value but as white space, so a line holding one member's value parses, and
// a line holding more than that (valid JSON, never written by the build) does not, and the loader
// then parses the whole text (load.ts).

/** The ids of one table (`runbooks` or `rules`) and where each record's text is. */
export interface RecordTable {
  readonly ids: readonly string[];
  /** Start and end (exclusive) of record i's value: `[2i]`, `[2i + 1]`. */
  readonly spans: Int32Array;
  /** id → its index in `ids`. */
  readonly index: ReadonlyMap<string, number>;
}

/** The text of the bytes [start, end). */
export type Slice = (start: number, end: number) => string;

export interface BundleText {
  /** Decodes a range of the bundle's bytes. */
  readonly slice: Slice;
  /** Each top-level member's value: [start, end). */
  readonly members: ReadonlyMap<string, readonly [number, number]>;
  /** Null when the member is missing or not an object. */
  readonly runbooks: RecordTable | null;
  readonly rules: RecordTable | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const LF = 0x0a;
const TABLES = new Set(['runbooks', 'rules']);

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Index just past the string that opens at `i` (b[i] is `"`), or -1 when it never closes or
 * holds a raw control character (JSON.parse refuses those; keys are not parsed by it here).
 */
function stringEnd(b: Uint8Array, i: number): number {
  const n = b.length;
  i++;
  while (i < n) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return -1;
    i += c === BACKSLASH ? 2 : 1; // an escape: whatever follows is not the closing quote
  }
  return -1;
}

/** Index just past the JSON value that starts at `i`, or -1. Validity is JSON.parse's job. */
function valueEnd(b: Uint8Array, i: number): number {
  const n = b.length;
  const first = b[i];
  if (first === QUOTE) return stringEnd(b, i);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // A number or literal: up to the next separator or white space (which the caller refuses).
    while (i < n) {
      const c = b[i]!;
      if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isSpace(c)) return i;
      i++;
    }
    return -1;
  }
  // Strings skipped inline: this loop sees every byte of a 31 MB bundle, and a call per string
  // (three million of them) would cost more than the scan.
  let depth = 0;
  while (i < n) {
    const c = b[i]!;
    if (c === QUOTE) {
      i++;
      for (;;) {
        if (i >= n) return -1;
        const d = b[i]!;
        if (d === QUOTE) break;
        i += d === BACKSLASH ? 2 : 1;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

/**
 * The members of the object that opens at `i`: `value(key, start)` finds where each value ends
 * (-1: give up; it also refuses a key seen before); returns the index just past the object, or -1
 * when it is not compact JSON.
 */
function members(b: Uint8Array, slice: Slice, i: number, value: (key: string, start: number) => number): number {
  i++;
  if (b[i] === CLOSE_OBJECT) return i + 1;
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    const keyEnd = stringEnd(b, i);
    if (keyEnd < 0 || b[keyEnd] !== COLON) return -1;
    const key = keyOf(slice, i, keyEnd);
    if (key === null) return -1;
    const start = keyEnd + 1;
    if (isSpace(b[start]!)) return -1;
    const end = value(key, start);
    if (end < 0) return -1;
    const next = b[end];
    if (next === CLOSE_OBJECT) return end + 1;
    if (next !== COMMA) return -1;
    i = end + 1;
  }
}

/**
 * The key whose quoted text is [start, end) (stringEnd() found no raw control character in it);
 * escapes decoded; null when it is not a JSON string.
 */
function keyOf(slice: Slice, start: number, end: number): string | null {
  const raw = slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(slice(start, end)) as string;
  } catch {
    return null;
  }
}

/**
 * The table whose object opens at `start`; null when it is not compact JSON with its keys in
 * strictly ascending order — as the build writes it. Ascending keys are unique, and keep a
 * runbook's rules (`<runbook>#<action>`, one prefix) together, so the structure check parses each
 * runbook once, whatever the text (check-records.ts).
 */
function table(b: Uint8Array, slice: Slice, start: number): { table: RecordTable; end: number } | null {
  const ids: string[] = [];
  const spans: number[] = [];
  const index = new Map<string, number>();
  let last: string | null = null;
  const end = members(b, slice, start, (key, s) => {
    if (last !== null && !(last < key)) return -1;
    last = key;
    index.set(key, ids.length);
    const e = valueEnd(b, s);
    ids.push(key);
    spans.push(s, e);
    return e;
  });
  if (end < 0) return null;
  return { table: { ids, spans: Int32Array.from(spans), index }, end };
}

/**
 * The table laid out a member per line whose object opens at `start` (`{` and a line break): a
 * line `"<key>":<value>` for each member, with a comma after all but the last, then `}` opening
 * a line. Null when it is not that, or its keys are not strictly ascending. A value is the rest
 * of its line (JSON.parse decides later whether that is one value).
 */
function lineTable(b: Buffer, slice: Slice, start: number): { table: RecordTable; end: number } | null {
  const ids: string[] = [];
  const spans: number[] = [];
  const index = new Map<string, number>();
  const done = (end: number) => ({ table: { ids, spans: Int32Array.from(spans), index }, end });
  let i = start + 2;
  if (b[i] === CLOSE_OBJECT) return done(i + 1);
  let last: string | null = null;
  for (;;) {
    if (b[i] !== QUOTE) return null;
    const keyEnd = stringEnd(b, i);
    if (keyEnd < 0 || b[keyEnd] !== COLON) return null;
    const key = keyOf(slice, i, keyEnd);
    if (key === null || (last !== null && !(last < key))) return null;
    last = key;
    const lineEnd = b.indexOf(LF, keyEnd);
    if (lineEnd < 0) return null;
    const more = b[lineEnd - 1] === COMMA;
    index.set(key, ids.length);
    ids.push(key);
    spans.push(keyEnd + 1, more ? lineEnd - 1 : lineEnd);
    i = lineEnd + 1;
    if (!more) return b[i] === CLOSE_OBJECT ? done(i + 1) : null;
  }
}

/** Just past a table laid out a member per line (the first `}` opening a line), or -1. */
function lineTableEnd(b: Buffer, start: number): number {
  const at = b.indexOf('\n}', start);
  return at < 0 ? -1 : at + 2;
}

/**
 * Where everything is in bundle JSON as the build writes it, or on one line (UTF-8 bytes; `slice`
 * decodes a range of them); null when it is neither.
 */
export function scanBundle(bytes: Uint8Array, slice: Slice): BundleText | null {
  if (bytes[0] !== OPEN_OBJECT || bytes.length > 0x7fffffff) return null; // spans are 32-bit
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, readonly [number, number]>();
  const tables: Record<string, RecordTable | null> = { runbooks: null, rules: null };
  const end = members(b, slice, 0, (key, s) => {
    if (found.has(key)) return -1;
    let e: number;
    const perLine = b[s] === OPEN_OBJECT && b[s + 1] === LF;
    if (TABLES.has(key) && b[s] === OPEN_OBJECT) {
      const t = perLine ? lineTable(b, slice, s) : table(b, slice, s);
      if (t === null) return -1;
      tables[key] = t.table;
      e = t.end;
    } else e = perLine ? lineTableEnd(b, s) : valueEnd(b, s);
    found.set(key, [s, e]);
    return e;
  });
  if (end < 0) return null;
  for (let i = end; i < b.length; i++) if (!isSpace(b[i]!)) return null;
  return { slice, members: found, runbooks: tables.runbooks!, rules: tables.rules! };
}

/** A range of the text parsed, or `undefined` when it is not one JSON value. */
export function parseSpan(bt: BundleText, start: number, end: number): unknown {
  try {
    return JSON.parse(bt.slice(start, end));
  } catch {
    return undefined;
  }
}

/** Record `i` of a table, parsed (undefined when it is not JSON). */
export function parseRecord(bt: BundleText, t: RecordTable, i: number): unknown {
  return parseSpan(bt, t.spans[2 * i]!, t.spans[2 * i + 1]!);
}
