// Checking a compiled bundle's digest (the definition is in bundle/digest.ts, shared with the
// enforcer). Enforcers and `gatebook verify` recompute it to detect any change.

import { bundleDigest } from '../bundle/digest.js';

export { bundleDigest, digestOfCanonical } from '../bundle/digest.js';

/** Whether `bundle.digest` matches its content. */
export function checkDigest(bundle: unknown): { ok: true } | { ok: false; expected: string; found: unknown } {
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) {
    return { ok: false, expected: 'an object', found: bundle };
  }
  const expected = bundleDigest(bundle);
  const found = (bundle as { digest?: unknown }).digest;
  return found === expected ? { ok: true } : { ok: false, expected, found };
}
