// Load options as untyped callers give them: loadBundle() and new Enforcer() read them here, so a
// misspelt or misplaced option (a bare PEM string, `publicKey`) is refused — every decision deny —
// instead of dropped, which would load an unsigned bundle as if no key had been meant.

import type { LoadOptions } from './types.js';

/** The options, or why they cannot be used (a string naming `who` was given them). */
export function readLoadOptions(options: unknown, who: string): LoadOptions | string {
  try {
    if (options === undefined) return {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      return `${who} takes { publicKeyPem, requireSignature }, and was given ${describeValue(options)}`;
    }
    const o = options as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => k !== 'publicKeyPem' && k !== 'requireSignature');
    if (unknown.length > 0) return `${who} does not know the option${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; it takes publicKeyPem and requireSignature`;
    const { publicKeyPem, requireSignature } = o;
    if (publicKeyPem !== undefined && typeof publicKeyPem !== 'string') return `${who}: publicKeyPem must be the PEM text of a public key`;
    if (requireSignature !== undefined && typeof requireSignature !== 'boolean') return `${who}: requireSignature must be true or false`;
    return { ...(publicKeyPem !== undefined ? { publicKeyPem } : {}), ...(requireSignature !== undefined ? { requireSignature } : {}) };
  } catch (error) {
    return `${who}: the options cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A short description of a value an untyped caller passed, for a reason's detail. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'object') {
    try {
      return `an object with ${Object.keys(value).join(', ') || 'no members'}`;
    } catch {
      return 'an object';
    }
  }
  return typeof value;
}
