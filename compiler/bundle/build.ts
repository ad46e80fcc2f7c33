// The build after a clean check: link the compile units, render every output file in memory
// (signing included; the tarball's deflate partly on worker threads), then replace the output
// directory in one step. Any failure before the swap — a compile problem, a bad key — leaves
// the previous output exactly as it was.

import { encodeBundle, type EncodedBundle } from '../compile/assemble.js';
import { link } from '../compile/link.js';
import type { CompileUnit } from '../compile/unit.js';
import { replaceDirAtomic } from './atomic-dir.js';
import { deflatePoolFor, type DeflatePool } from './deflate-pool.js';
import { OUTPUT_FILES, renderOutputFiles, type OutputFile } from './outputs.js';
import type { SignOptions } from './signature.js';

export { parseSourceDateEpoch } from './source-date.js';

export interface BuildOptions {
  /** Output directory, absolute or relative to the process cwd. */
  outDir: string;
  /** The git revision, or null; a promise of it is awaited once the units are linked. */
  revision: string | null | Promise<string | null>;
  sourceDateEpoch?: number;
  signing?: SignOptions;
}

/** What was built: the bundle's identity and size, and the files written. */
export interface Built {
  bundle: Omit<EncodedBundle, 'bytes' | 'data'>;
  files: OutputFile[];
}

/** `units`: from checkAndCompileUnits(), or compileUnit() of each runbook. */
export async function buildBundle(units: readonly CompileUnit[], options: BuildOptions): Promise<Built> {
  let pool: DeflatePool | undefined;
  try {
    // Workers for the tarball's deflate start loading now, while this thread links.
    pool = deflatePoolFor(units.reduce((n, unit) => n + unit.json.length, 0));
    const linked = link(units);
    const { bytes, data, ...bundle } = encodeBundle(linked, { revision: await options.revision, sourceDateEpoch: options.sourceDateEpoch });
    const files = await renderOutputFiles(bundle, bytes, data, { mtimeSeconds: options.sourceDateEpoch ?? 0, signing: options.signing, deflate: pool.deflate });
    await replaceDirAtomic(options.outDir, files, OUTPUT_FILES);
    return { bundle, files };
  } finally {
    await pool?.close();
  }
}
