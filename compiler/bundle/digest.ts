// The bundle digest, as the bundle format defines it: `sha256:` + hex sha-256 of the canonical
// JSON of the bundle without its `digest` member. One definition for the compiler that writes it
// and the enforcer and `gatebook verify` that recompute it.

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
