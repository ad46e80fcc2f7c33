// Canonical JSON: object keys sorted by UTF-16 code unit order, no insignificant white space,
// `undefined` members dropped. The same value gives the same bytes on any machine, so the
// bundle digest and signature are stable (the key order follows RFC 8785's rule).

export function canonicalize(value: unknown): string {
  if (value === undefined) throw new TypeError('canonical JSON cannot hold a undefined');
  try {
    return JSON.stringify(value, sortedMembers);
  } catch (error) {
    if (error !== SLOW_KEYS) throw error;
    return write(value);
  }
}

// JSON.stringify with a replacer that hands it each object with its members in sorted order is a
// third faster than writing the text ourselves (35 MB at 10,000 runbooks). It cannot order keys
// that look like array indices ("0", "10"): JavaScript objects list those first, numerically; and
// a `__proto__` member cannot be set on a plain object. A value with such keys falls back to
// write(), which handles any key.
const SLOW_KEYS = new Error('index-like keys');
const INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

function sortedMembers(this: unknown, _key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return value;
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (keys.length < 2) return value;
      keys.sort();
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const c = k.charCodeAt(0);
        // `__proto__` would set the prototype instead of a member: also left to write().
        if ((c >= 48 && c <= 57 && INDEX.test(k)) || k === '__proto__') throw SLOW_KEYS;
        out[k] = obj[k];
      }
      return out;
    }
    case 'string': case 'boolean': case 'undefined':
      return value;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : write(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Pretty canonical form for files people read: sorted keys, two-space indent, final newline. */
export function canonicalPretty(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalize(value)), null, 2)}\n`;
}
