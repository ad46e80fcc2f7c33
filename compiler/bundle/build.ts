// The build after a clean check: link the compile units, render every output file in memory
// (signing included), then replace the output directory in one step. Any failure before the
// swap — a compile problem, a bad key — leaves the previous output exactly as it was.

import { linkBundle, type EncodedBundle } from '../compile/compile.js';
import type { CompileUnit } from '../compile/unit.js';
import { replaceDirAtomic } from './atomic-dir.js';
import { OUTPUT_FILES, renderOutputFiles, type OutputFile } from './outputs.js';
import type { SignOptions } from './signature.js';

export interface BuildOptions {
  /** Output directory, absolute or relative to the process cwd. */
  outDir: string;
  revision: string | null;
  sourceDateEpoch?: number;
  signing?: SignOptions;
}

/** What was built: the bundle's identity and size, and the files written. */
export interface Built {
  bundle: Omit<EncodedBundle, 'bytes'>;
  files: OutputFile[];
}

/** `units`: from checkProject({ compileUnits: true }), or compileUnit() of each runbook. */
export async function buildBundle(units: readonly CompileUnit[], options: BuildOptions): Promise<Built> {
  const { bytes, ...bundle } = linkBundle(units, { revision: options.revision, sourceDateEpoch: options.sourceDateEpoch });
  const files = await renderOutputFiles(bundle, bytes, { mtimeSeconds: options.sourceDateEpoch ?? 0, signing: options.signing });
  await replaceDirAtomic(options.outDir, files, OUTPUT_FILES);
  return { bundle, files };
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org): a whole number of seconds, or unset. */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  // Up to 9999-12-31T23:59:59Z, so generatedAt stays a plain RFC 3339 date-time.
  if (!/^\d{1,12}$/.test(value) || Number(value) > 253402300799) {
    throw new RangeError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (at most 253402300799); found '${value}'`);
  }
  return Number(value);
}
