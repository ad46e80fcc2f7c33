// The bundle digest: `sha256:` + hex sha-256 of canonicalize(bundle without `digest`).
//
// Fast path (a 10,000-runbook bundle is ~100 MB; canonicalize() on it costs seconds): the build
// writes bundle.json as canonicalPretty, which differs from canonical JSON only by white space
// outside strings. So strip that white space and the top-level `digest` member at the byte level
// and hash the result. This is sound for any input: if those bytes hash to the declared digest,
// they ARE the canonical text the compiler hashed (collision resistance), and they parse to the
// same value as the file minus `digest` (removing white space outside strings never changes a
// JSON value). If the fast hash does not match — the file was reformatted, keys reordered — the
// slow path canonicalizes the parsed value, which is the definition.

import { createHash } from 'node:crypto';
import { canonicalize } from '../util/canonical-json.js';

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

/** `sha256:` + hex sha-256 of the canonical JSON of the bundle without `digest`. */
export function computeDigest(bundle: Record<string, unknown>): string {
  const { digest: _digest, ...rest } = bundle;
  return `sha256:${createHash('sha256').update(canonicalize(rest)).digest('hex')}`;
}

/**
 * Whether the bundle (its file bytes and their parse) matches its declared digest; `actual` is
 * the digest its content really has (only computed the slow way when the fast way misses).
 */
export function checkDigest(bytes: Uint8Array, parsed: Record<string, unknown>, declared: string): { ok: boolean; actual: string } {
  const fast = `sha256:${createHash('sha256').update(compactWithoutDigest(bytes)).digest('hex')}`;
  if (fast === declared) return { ok: true, actual: fast };
  const actual = computeDigest(parsed);
  return { ok: actual === declared, actual };
}
