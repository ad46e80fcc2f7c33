// Canonical JSON: object keys sorted by UTF-16 code unit order, no insignificant white space,
// `undefined` members dropped. The same value gives the same bytes on any machine, so the
// bundle digest and signature are stable (the key order follows RFC 8785's rule).

export function canonicalize(value: unknown): string {
  if (value === undefined) throw new TypeError('canonical JSON cannot hold a undefined');
  try {
    return JSON.stringify(sorted(value));
  } catch (error) {
    if (error !== SLOW_PATH) throw error;
    const text = write(value);
    if (text === undefined) throw new TypeError('canonical JSON cannot hold a undefined');
    return text;
  }
}

// The value with every object's members in sorted order, then plain JSON.stringify, which V8
// writes on its fast path: twice as fast as a replacer function (called back for every value)
// and three times as fast as writing the text ourselves. An object whose keys are already in
// order is used as it is; a copy is made only where keys must move. Keys that look like array
// indices ("0", "10") cannot be moved: JavaScript objects list those first, numerically; nor can
// a `__proto__` member be set on a copy. A value needing either, or holding anything but plain
// objects and arrays (toJSON(), boxed primitives), falls back to write(), which is the definition.
const SLOW_PATH = new Error('needs the plain writer');
const INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

function sorted(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return value;
    case 'string': case 'boolean': case 'undefined':
      return value;
    case 'object': {
      if (value === null) return value;
      // JSON.stringify would write what toJSON() returns, or unbox a boxed primitive: write() does
      // that. Compiler output is plain objects and arrays only.
      const proto: unknown = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== Array.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        throw SLOW_PATH;
      }
      if (Array.isArray(value)) {
        let copy: unknown[] | null = null;
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          const s = sorted(v);
          if (s !== v) (copy ??= value.slice())[i] = s;
        }
        return copy ?? value;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      let inOrder = true;
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          inOrder = false;
          break;
        }
      }
      let copy: Record<string, unknown> | null = null;
      if (!inOrder) {
        keys.sort();
        copy = {};
      }
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const v = obj[k];
        const s = sorted(v);
        if (copy === null && s !== v) {
          // A member changed: copy the ones before it (already in order).
          copy = {};
          for (let j = 0; j < i; j++) set(copy, keys[j]!, obj[keys[j]!]);
        }
        if (copy !== null) set(copy, k, s);
      }
      return copy ?? value;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

function set(copy: Record<string, unknown>, k: string, v: unknown): void {
  const c = k.charCodeAt(0);
  if ((c >= 48 && c <= 57 && INDEX.test(k)) || k === '__proto__') throw SLOW_PATH;
  copy[k] = v;
}

/**
 * The definition, written out: JSON.stringify's rules (toJSON() called with the member's key,
 * boxed primitives unboxed, undefined members dropped, undefined and holes in arrays written as
 * null) with every object's keys sorted; refusing what JSON cannot hold.
 */
function write(value: unknown, key = ''): string | undefined {
  if (typeof value === 'object' && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (k: string) => unknown).call(value, key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        const items: string[] = [];
        for (let i = 0; i < value.length; i++) items.push(write(value[i], String(i)) ?? 'null');
        return `[${items.join(',')}]`;
      }
      const obj = value as Record<string, unknown>;
      const members: string[] = [];
      for (const k of Object.keys(obj).sort()) {
        const v = write(obj[k], k);
        if (v !== undefined) members.push(`${JSON.stringify(k)}:${v}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Pretty canonical form for files people read: sorted keys, two-space indent, final newline. */
export function canonicalPretty(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalize(value)), null, 2)}\n`;
}
