// Reads the conformance cases (test/conformance/*.yaml; the format is in README.md).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

export const CONFORMANCE = import.meta.dirname;

export interface Case {
  note: string;
  /** Path under test/conformance/bundles/. */
  bundle: string;
  /** Path under test/conformance/ of an SPKI PEM public key; makes a signature required. */
  key?: string;
  requireSignature?: boolean;
  request: unknown;
  want: {
    decision: string;
    reasons?: string[];
    notReasons?: string[];
    escalations?: Record<string, string[]>;
    approval?: { count: number; approvers: string[] } | null;
    veto?: { windowSeconds: number | null; notify: string[] } | null;
  };
}

export function readCases(): Array<{ file: string; cases: Case[] }> {
  return readdirSync(CONFORMANCE)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, cases: load(readFileSync(join(CONFORMANCE, file), 'utf8'), { schema: CORE_SCHEMA }) as Case[] }));
}
