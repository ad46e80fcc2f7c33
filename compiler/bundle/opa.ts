// The OPA form of the bundle: a data-only OPA bundle that an OPA fleet loads over the bundle
// HTTP protocol. `data.gatebook` is the bundle object; `.manifest` claims the `gatebook` root so
// other data and policy in OPA stay untouched, and carries the digest for status reporting.

import type { Bundle } from './types.js';
import { canonicalize } from '../util/canonical-json.js';

export const OPA_ROOT = 'gatebook';
export const OPA_DATA_FILE = `${OPA_ROOT}/data.json`;
export const OPA_MANIFEST_FILE = '.manifest';

export interface OpaManifest {
  /** OPA's revision is a string: the git commit, or "" outside git (metadata.digest still identifies the content). */
  revision: string;
  roots: string[];
  metadata: { digest: string; schemaVersion: string };
}

export function opaManifest(bundle: Pick<Bundle, 'revision' | 'digest' | 'schemaVersion'>): OpaManifest {
  return {
    revision: bundle.revision ?? '',
    roots: [OPA_ROOT],
    metadata: { digest: bundle.digest, schemaVersion: bundle.schemaVersion },
  };
}

/**
 * The files of the OPA bundle, by their names in the archive without the leading `/` (the names
 * `.signatures.json` lists). `data` is the canonical JSON of the bundle, encoded. Both are compact
 * canonical JSON: OPA hashes the parsed content for signatures, and without white space every
 * byte of the file is significant.
 */
export function opaFiles(bundle: Pick<Bundle, 'revision' | 'digest' | 'schemaVersion'>, data: Uint8Array): Array<{ name: string; bytes: Uint8Array; canonical: true }> {
  return [
    { name: OPA_MANIFEST_FILE, bytes: new TextEncoder().encode(canonicalize(opaManifest(bundle))), canonical: true },
    { name: OPA_DATA_FILE, bytes: data, canonical: true },
  ];
}
