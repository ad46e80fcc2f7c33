// bundle.json's layout: canonical JSON with each member of the four tables (`actors`, `grants`,
// `rules`, `runbooks`) on a line of its own, and a table's closing brace on the line after its
// last member:
//
//   {"actors":{
//   "aegis-f0":{…},
//   "claude-f7":{…}
//   },"digest":"sha256:…","grants":{
//   …
//   },"schemaVersion":"gatebook.bundle/v3"}
//
// Why: an enforcer finds a record by finding line breaks (memchr, in native code) instead of
// tokenizing 31 MB of JSON in JavaScript, and a change of one runbook is a few changed lines in
// `git diff` or `diff -u` of two bundles instead of one changed 31 MB line. The value is the same
// JSON: canonical JSON has no line break (JSON.stringify escapes one in a string, and JSON text
// cannot hold one raw inside a string), so removing every line break gives the canonical JSON
// back — what the digest is taken over and what OPA's data.json holds.

import { canonicalize } from '../util/canonical-json.js';

/** The top-level members written one member per line (when not empty). */
export const LINE_TABLES: ReadonlySet<string> = new Set(['actors', 'grants', 'rules', 'runbooks']);

const LF = 0x0a;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v))
  && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

/** A table's text: `{`, then `\n"<key>":<canonical JSON>` for each member joined by commas, then `\n}`. */
export function bundleTableText(table: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const key of Object.keys(table).sort()) {
    if (table[key] !== undefined) lines.push(`\n${JSON.stringify(key)}:${canonicalize(table[key])}`);
  }
  return lines.length === 0 ? '{}' : `{${lines.join(',')}\n}`;
}

/**
 * The text of bundle.json for a value (a bundle, or whatever a reader parsed from one): its
 * canonical JSON laid out as above, and a final line break. Anything but a plain object is
 * written as canonical JSON on one line.
 */
export function bundleFileText(value: unknown): string {
  if (!isPlainObject(value)) return `${canonicalize(value)}\n`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v === undefined) continue;
    members.push(`${JSON.stringify(key)}:${LINE_TABLES.has(key) && isPlainObject(v) ? bundleTableText(v) : canonicalize(v)}`);
  }
  return `{${members.join(',')}}\n`;
}

/**
 * The bytes with every line break removed: for bundle.json's bytes, the canonical JSON (and for
 * any JSON text, the same value, as long as no line break is inside a string, which JSON forbids).
 */
export function withoutLineBreaks(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const from = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = Buffer.allocUnsafeSlow(bytes.byteLength);
  let at = 0;
  forEachLine(from, 0, from.length, (start, end) => {
    at += from.copy(out, at, start, end);
  });
  return new Uint8Array(out.buffer, out.byteOffset, at);
}

/** Each range [start, end) of the bytes between line breaks, in order (for hashing without copying). */
export function forEachLine(bytes: Uint8Array, start: number, end: number, each: (start: number, end: number) => void): void {
  const from = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = start;
  while (i < end) {
    let lf = from.indexOf(LF, i);
    if (lf < 0 || lf > end) lf = end;
    if (lf > i) each(i, lf);
    i = lf + 1;
  }
}
