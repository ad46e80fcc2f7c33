// `gatebook build`'s share of the check stage: each runbook that passes schema validation is also
// compiled into its compile unit (compile/unit.ts) right where it was checked — in a worker, in
// parallel — so the main thread receives ids and one buffer of JSON per runbook instead of the
// runbook object graph, and only has to link. `gatebook check` never loads any of this.

import { resolve } from 'node:path';
import type { CompileUnit } from '../compile/unit.js';
import type { FileOutcome } from './check-file.js';
import { toDisplayPath } from './discover.js';
import type { CheckedRunbook } from './types.js';

export type UnitCompiler = (checked: CheckedRunbook) => CompileUnit;

/**
 * The compiler, imported on demand so check-only runs do not pay for loading it. With
 * `sourceRoot`, source paths in the bundle are relative to it rather than to `cwd`, so the bundle
 * is the same whichever directory the build runs from.
 */
export async function loadUnitCompiler(cwd: string, sourceRoot?: string): Promise<UnitCompiler> {
  const { compileUnit } = await import('../compile/unit.js');
  if (sourceRoot === undefined || resolve(sourceRoot) === resolve(cwd)) return (checked) => compileUnit(checked);
  return (checked) => compileUnit(checked, { sourcePath: toDisplayPath(sourceRoot, resolve(cwd, checked.file)) });
}

/**
 * Adds the file's compile unit to its outcome; drops the runbook unless `keepRunbook`. A compiler
 * crash is kept as a message, not thrown: the check findings come first, and a file with check
 * errors is never built anyway.
 */
export function withUnit(outcome: FileOutcome, compile: UnitCompiler, keepRunbook: boolean): FileOutcome {
  if (!outcome.checked) return outcome;
  try {
    outcome.unit = compile(outcome.checked);
    if (outcome.checked.gitBlobs !== undefined) outcome.unit.gitBlobs = outcome.checked.gitBlobs;
  } catch (error) {
    outcome.unitError = error instanceof Error ? error.message : String(error);
  }
  if (!keepRunbook) delete outcome.checked;
  return outcome;
}

/** What checkAndCompileUnits() adds to a check result. */
export interface CheckedUnits {
  /** The compile unit of every runbook that passed validation, sorted by file. */
  units: CompileUnit[];
  /** The first file whose compile unit could not be made: a bug in the compiler, reported after the check findings. */
  unitFailure?: { file: string; message: string };
}

/** The units of a check, by file, and the first compiler crash if there was one. */
export function unitsOf(outcomes: readonly FileOutcome[]): CheckedUnits {
  const sorted = [...outcomes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const failed = sorted.find((o) => o.unitError !== undefined);
  return {
    units: sorted.flatMap((o) => (o.unit ? [o.unit] : [])),
    ...(failed ? { unitFailure: { file: failed.file, message: failed.unitError! } } : {}),
  };
}
