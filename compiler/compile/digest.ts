// The bundle digest: `sha256:` + hex sha-256 of the canonical JSON of the bundle without its
// `digest` member. Enforcers and `gatebook verify` recompute it to detect any change.

import { createHash } from 'node:crypto';
import { canonicalize } from '../util/canonical-json.js';

/** Digest of a bundle; a `digest` member, if present, is left out of the hash. */
export function bundleDigest(bundle: object): string {
  const { digest: _ignored, ...rest } = bundle as { digest?: unknown };
  return digestOfCanonical(canonicalize(rest));
}

/** The digest of a bundle (without `digest`) whose canonical JSON is `text`. */
export function digestOfCanonical(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** Whether `bundle.digest` matches its content. */
export function checkDigest(bundle: unknown): { ok: true } | { ok: false; expected: string; found: unknown } {
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) {
    return { ok: false, expected: 'an object', found: bundle };
  }
  const expected = bundleDigest(bundle);
  const found = (bundle as { digest?: unknown }).digest;
  return found === expected ? { ok: true } : { ok: false, expected, found };
}
