// A loaded bundle: either usable (an index of prepared grants) or failed (every decision deny,
// with the reason). Loading never throws; a failure is a value.

import type { Bundle } from '../bundle/types.js';
import { deepFreeze, gateResult, reason } from './decisions.js';
import type { BundleIndex } from './bundle-index.js';
import type { ReasonCode, ReasonParams } from './reasons.js';
import type { DecisionRecord, GateResult, SignatureStatus } from './types.js';

export interface LoadedBundle {
  readonly ok: boolean;
  /** The path it was read from, or the name given with the bytes. */
  readonly source: string;
  readonly digest: string | null;
  readonly revision: string | null;
  readonly schemaVersion: string | null;
  readonly signature: SignatureStatus;
  /** The `bundle` gate's result: BUNDLE_OK, or why every decision is deny. */
  readonly status: GateResult;
  /** How much the bundle holds (zeros when the load failed). */
  readonly counts: { readonly runbooks: number; readonly actors: number; readonly grants: number };
  /** @internal The prepared index decide() reads; null when the load failed. */
  readonly index: BundleIndex | null;
  /** @internal The record's `bundle` member, built once. */
  readonly recordBundle: DecisionRecord['bundle'];
}

export interface FailureInfo {
  source: string;
  digest?: string | null;
  revision?: string | null;
  schemaVersion?: string | null;
  signature?: SignatureStatus;
}

export function failedBundle(info: FailureInfo, failures: Array<[ReasonCode, ReasonParams?]>): LoadedBundle {
  const signature = info.signature ?? 'none';
  const digest = info.digest ?? null;
  const revision = info.revision ?? null;
  const schemaVersion = info.schemaVersion ?? null;
  return brand({
    ok: false,
    source: info.source,
    digest,
    revision,
    schemaVersion,
    signature,
    status: deepFreeze(gateResult('bundle', failures.map(([code, params]) => reason(code, params)))),
    counts: NO_COUNTS,
    index: null,
    recordBundle: deepFreeze({ status: 'failed' as const, digest, revision, schemaVersion, signature }),
  });
}

/** Every bundle this module made: nothing else is one, whatever members it has. */
const MADE = new WeakSet<object>();

function brand(bundle: LoadedBundle): LoadedBundle {
  Object.freeze(bundle);
  MADE.add(bundle);
  return bundle;
}

/**
 * Whether a value is a bundle loadBundle() made, not what an untyped caller slipped in: undefined,
 * a promise not awaited, a fetch Response, an object shaped like a bundle (which could carry a
 * `status` that allows).
 */
export function isLoadedBundle(value: unknown): value is LoadedBundle {
  return typeof value === 'object' && value !== null && MADE.has(value);
}

/** What an Enforcer holds before its first load: denies everything. */
export function notLoaded(): LoadedBundle {
  return failedBundle({ source: '(none)' }, [['BUNDLE_NOT_LOADED']]);
}

const NO_COUNTS = Object.freeze({ runbooks: 0, actors: 0, grants: 0 });

/** The public key (PEM text) each verified bundle's signature was checked with. */
const VERIFIED_WITH = new WeakMap<LoadedBundle, string>();

/** The key a bundle's signature was verified with; undefined when it was not verified. */
export function verifiedWith(bundle: LoadedBundle): string | undefined {
  return VERIFIED_WITH.get(bundle);
}

/** `verifiedWith`: the public key its signature verified with (signature `verified` only). */
export function okBundle(
  source: string, bundle: Pick<Bundle, 'digest' | 'revision' | 'schemaVersion'>, index: BundleIndex, signature: SignatureStatus,
  verifiedWithKey?: string,
): LoadedBundle {
  const status = deepFreeze(gateResult('bundle', [reason('BUNDLE_OK', {
    digest: bundle.digest, revision: bundle.revision ?? 'none', signature,
  })]));
  const made = brand({
    ok: true,
    source,
    digest: bundle.digest,
    revision: bundle.revision,
    schemaVersion: bundle.schemaVersion,
    signature,
    status,
    counts: Object.freeze(index.counts),
    index,
    recordBundle: deepFreeze({ status: 'loaded' as const, digest: bundle.digest, revision: bundle.revision, schemaVersion: bundle.schemaVersion, signature }),
  });
  if (signature === 'verified' && verifiedWithKey !== undefined) VERIFIED_WITH.set(made, verifiedWithKey);
  return made;
}
