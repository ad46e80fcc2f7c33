// Everything `gatebook build` writes, as bytes, before anything touches the disk:
//   bundle.json             canonical JSON of the bundle, each member of its tables on a line of
//                           its own (layout.ts), and a newline: no indentation, so an enforcer
//                           checks the digest by hashing the file around its digest member and
//                           line breaks instead of writing the canonical form again
//                           (enforcer/digest.ts), and finds each record by its line
//   bundle.signatures.json  (signed builds) OPA-format signature over bundle.json
//   gatebook.tar.gz         the OPA bundle: /.manifest, /gatebook/data.json and, when signed,
//                           /.signatures.json over the other two; data.json is the canonical JSON
//                           on one line (bundle.json without its line breaks)
// Unsigned and RS256 builds are byte-identical run to run; ES256 signatures are randomized by
// ECDSA itself, so there only the signature files (and the tarball holding one) differ.

import { canonicalize } from '../util/canonical-json.js';
import { bundleFileText } from './layout.js';
import { opaFiles } from './opa.js';
import { SIGNATURES_FILE, signFiles, type SignOptions } from './signature.js';
import type { SegmentDeflater } from './gzip.js';
import { writeTarGz } from './tar.js';
import type { Bundle } from './types.js';

export const BUNDLE_FILE = 'bundle.json';
export const BUNDLE_SIGNATURES_FILE = 'bundle.signatures.json';
export const OPA_TARBALL_FILE = 'gatebook.tar.gz';
/** The only names `gatebook build` writes; an output directory holding anything else is not ours. */
export const OUTPUT_FILES: readonly string[] = [BUNDLE_FILE, BUNDLE_SIGNATURES_FILE, OPA_TARBALL_FILE];

export interface OutputOptions {
  /** tar entry mtime, seconds since the epoch: SOURCE_DATE_EPOCH, or 0. */
  mtimeSeconds: number;
  signing?: SignOptions;
  /** Compresses the tarball's gzip members (default: this thread; the bytes are the same). */
  deflate?: SegmentDeflater;
}

export interface OutputFile {
  name: string;
  bytes: Uint8Array;
}

/** The bundle's files from the bundle object (tests, tools); `gatebook build` has the bytes already. */
export async function renderOutputs(bundle: Bundle, options: OutputOptions): Promise<OutputFile[]> {
  const encode = (text: string) => new TextEncoder().encode(text);
  return renderOutputFiles(bundle, encode(bundleFileText(bundle)), encode(canonicalize(bundle)), options);
}

/**
 * The bundle's files from bundle.json's bytes (35 MB at 10,000 runbooks), the canonical JSON
 * they lay out (OPA's data.json) and the members the manifest names.
 */
export async function renderOutputFiles(
  head: Pick<Bundle, 'revision' | 'digest' | 'schemaVersion'>, bundleJson: Uint8Array, data: Uint8Array, options: OutputOptions,
): Promise<OutputFile[]> {
  const archive: Array<{ name: string; bytes: Uint8Array; canonical?: boolean }> = opaFiles(head, data);
  const out: OutputFile[] = [{ name: BUNDLE_FILE, bytes: bundleJson }];
  if (options.signing) {
    const signatures = await signFiles(archive, options.signing);
    archive.push({ name: SIGNATURES_FILE, bytes: new TextEncoder().encode(signatures) });
    const bundleSignatures = await signFiles([{ name: BUNDLE_FILE, bytes: bundleJson }], options.signing);
    out.push({ name: BUNDLE_SIGNATURES_FILE, bytes: new TextEncoder().encode(bundleSignatures) });
  }
  const tarball = await writeTarGz(
    archive.map((f) => ({ name: `/${f.name}`, bytes: f.bytes })),
    options.mtimeSeconds,
    options.deflate,
  );
  out.push({ name: OPA_TARBALL_FILE, bytes: tarball });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
