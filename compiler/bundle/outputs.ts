// Everything `gatebook build` writes, as bytes, before anything touches the disk:
//   bundle.json             canonical JSON of the bundle and a newline: no indentation, so an
//                           enforcer checks the digest by hashing the file around its digest
//                           member instead of writing the canonical form again (enforcer/digest.ts)
//   bundle.signatures.json  (signed builds) OPA-format signature over bundle.json
//   gatebook.tar.gz         the OPA bundle: /.manifest, /gatebook/data.json and, when signed,
//                           /.signatures.json over the other two
// Unsigned and RS256 builds are byte-identical run to run; ES256 signatures are randomized by
// ECDSA itself, so there only the signature files (and the tarball holding one) differ.

import { canonicalize } from '../util/canonical-json.js';
import { opaFiles } from './opa.js';
import { SIGNATURES_FILE, signFiles, type SignOptions } from './signature.js';
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
}

export interface OutputFile {
  name: string;
  bytes: Uint8Array;
}

/** The text of bundle.json: `jq .` shows it indented. */
export function bundleJsonText(bundle: unknown): string {
  return `${canonicalize(bundle)}\n`;
}

/** `text`: canonicalize(bundle), when the caller has it (compileWithText): the bundle is 35 MB of JSON at 10,000 runbooks. */
export async function renderOutputs(bundle: Bundle, options: OutputOptions, text = canonicalize(bundle)): Promise<OutputFile[]> {
  const bundleJson = new TextEncoder().encode(`${text}\n`);
  const archive: Array<{ name: string; bytes: Uint8Array; canonical?: boolean }> = opaFiles(bundle, text);
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
  );
  out.push({ name: OPA_TARBALL_FILE, bytes: tarball });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
