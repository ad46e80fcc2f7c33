// The bundle digest: `sha256:` + hex sha-256 of canonicalize(bundle without `digest`).
//
// canonicalize() of a 10,000-runbook bundle costs hundreds of milliseconds, so two fast paths come
// first. For a digest computed as defined (by any conforming builder) they decide exactly as the
// definition does: if the bytes they hash match it, those bytes ARE the canonical text that was
// hashed (collision resistance), so the file holds that value. They are more lenient in one way
// only: a digest made by hand over a text that is not canonical (keys unsorted, duplicated, escaped
// differently) also matches here while the definition would reject it. That costs nothing: anyone
// can compute a digest (it detects changes, it does not authenticate; signatures do), and no edit
// of a correctly digested file gets through.
// 1. The build writes bundle.json as canonical JSON with line breaks between the members of its
//    tables (bundle/layout.ts) and a final one, so the file is that text with the member
//    `"digest":"<declared>"` inserted and line breaks added. Find the member (it must occur
//    exactly once: the top-level member parsed as `digest` is then that occurrence, or the rest
//    could not be canonical) and hash the bytes on either side of it between the line breaks —
//    no copy, no scan in JavaScript. (Removing line breaks never changes a JSON value: JSON text
//    cannot hold one inside a string, and the loader parses every byte it accepts.)
// 2. A pretty-printed file differs from canonical JSON only by white space outside strings:
//    strip that and the top-level `digest` member at the byte level and hash the result
//    (removing white space outside strings never changes a JSON value).
// If neither matches — the file was reformatted, keys reordered — the slow path canonicalizes the
// parsed value, which is the definition.

import { createHash } from 'node:crypto';
import { bundleDigest } from '../bundle/digest.js';
import { forEachLine } from '../bundle/layout.js';

const DIGEST_KEY = [0x22, 0x64, 0x69, 0x67, 0x65, 0x73, 0x74, 0x22]; // "digest"

/**
 * The JSON text compacted (white space outside strings removed) with its top-level `digest`
 * member(s) dropped. The text must be valid JSON (parse it first).
 */
export function compactWithoutDigest(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const out = new Uint8Array(n);
  let j = 0;
  let i = 0;
  let depth = 0;
  let expectKey = false;
  let memberStart = -1;
  while (i < n) {
    let b = bytes[i]!;
    if (b === 0x22) {
      // A string: copy it whole (the inner loop is what keeps this at memory speed).
      const start = j;
      out[j++] = b;
      i++;
      for (;;) {
        b = bytes[i++]!;
        out[j++] = b;
        if (b === 0x22 || i >= n) break;
        if (b === 0x5c) out[j++] = bytes[i++]!;
      }
      if (depth === 1 && expectKey) {
        expectKey = false;
        if (j - start === 8) {
          let k = 0;
          while (k < 8 && out[start + k] === DIGEST_KEY[k]) k++;
          if (k === 8) memberStart = start;
        }
      }
      continue;
    }
    i++;
    switch (b) {
      case 0x20: case 0x0a: case 0x0d: case 0x09:
        continue;
      case 0x7b: case 0x5b:
        depth++;
        if (depth === 1) expectKey = b === 0x7b;
        break;
      case 0x7d: case 0x5d:
        if (depth === 1 && memberStart >= 0) {
          j = memberStart;
          if (out[j - 1] === 0x2c) j--;
          memberStart = -1;
        }
        depth--;
        break;
      case 0x2c:
        if (depth === 1) {
          expectKey = true;
          if (memberStart >= 0) {
            j = memberStart;
            memberStart = -1;
            continue;
          }
        }
        break;
      default:
        break;
    }
    out[j++] = b;
  }
  return out.subarray(0, j);
}

/**
 * Fast path 1: the digest of the file with its one `"digest":"<declared>"` member (and a comma
 * beside it) and every line break taken out; null when the member is not there once.
 */
export function hashAroundMember(bytes: Uint8Array, declared: string): string | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const member = Buffer.from(`"digest":${JSON.stringify(declared)}`, 'utf8');
  const at = buf.indexOf(member);
  if (at < 0 || buf.indexOf(member, at + 1) >= 0) return null;
  let start = at;
  let end = at + member.length;
  if (buf[start - 1] === 0x2c) start--;
  else if (buf[end] === 0x2c) end++;
  let last = buf.length;
  while (last > end && (buf[last - 1] === 0x0a || buf[last - 1] === 0x0d || buf[last - 1] === 0x20 || buf[last - 1] === 0x09)) last--;
  const hash = createHash('sha256');
  const update = (s: number, e: number) => hash.update(buf.subarray(s, e));
  forEachLine(buf, 0, start, update);
  forEachLine(buf, end, last, update);
  return `sha256:${hash.digest('hex')}`;
}

/** `sha256:` + hex sha-256 of the canonical JSON of the bundle without `digest`. */
export function computeDigest(bundle: Record<string, unknown>): string {
  return bundleDigest(bundle);
}

/**
 * Whether the bundle (its file bytes and their parse) matches its declared digest; `actual` is
 * the digest its content really has (only computed the slow way when the fast way misses).
 * `top` holds at least the parsed top-level members; `whole()` gives the whole parsed bundle
 * (it may throw), asked for only on the slow way.
 */
export function checkDigest(
  bytes: Uint8Array, top: Record<string, unknown>, declared: string, whole: () => Record<string, unknown>,
): { ok: boolean; actual: string } {
  // Sound only for the digest the file declares at its top level (see above).
  if (top.digest === declared && hashAroundMember(bytes, declared) === declared) return { ok: true, actual: declared };
  const fast = `sha256:${createHash('sha256').update(compactWithoutDigest(bytes)).digest('hex')}`;
  if (fast === declared) return { ok: true, actual: fast };
  const actual = computeDigest(whole());
  return { ok: actual === declared, actual };
}
