// File hashes exactly as OPA computes them for `.signatures.json` (v1/bundle/hash.go, verify.go):
// - "structured" files — base name `data.json`, `data.yaml`, `.manifest` or `signatures.json` —
//   are parsed and re-encoded as compact JSON with object keys sorted (by UTF-8 bytes), number
//   literals kept as written, strings escaped like Go's encoding/json with HTML escaping off;
// - every other file is hashed as raw bytes.
// A signature we write must verify in OPA and vice versa, so this mirrors Go, not JavaScript:
// JSON.stringify differs on U+2028/U+2029 and would lose number literals like `1.0`.

import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';

/** Hash names as in OPA's payload → node:crypto names. MD5 and SHA-1 are refused on purpose. */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA-512-224': 'sha512-224',
  'SHA-512-256': 'sha512-256',
};

const STRUCTURED = new Set(['data.json', 'data.yaml', '.manifest', 'signatures.json']);

export function isStructuredFile(name: string): boolean {
  return STRUCTURED.has(name.slice(name.lastIndexOf('/') + 1));
}

/**
 * Hex digest of a bundle file as OPA computes it. Throws on a structured file that is not JSON.
 * `canonical`: the bytes are canonicalize() output (files the build writes). OPA's re-encoding of
 * such bytes is the bytes themselves when goJsonIsIdentity() holds, and re-encoding 35 MB in
 * JavaScript takes over a second, so then they are hashed as they are.
 */
export function opaFileHash(name: string, bytes: Uint8Array, algorithm = 'SHA-256', canonical = false): string {
  const nodeAlgorithm = Object.hasOwn(HASH_ALGORITHMS, algorithm) ? HASH_ALGORITHMS[algorithm] : undefined;
  if (!nodeAlgorithm) throw new Error(`unsupported hash algorithm ${algorithm}`);
  const hash = createHash(nodeAlgorithm);
  const asIs = !isStructuredFile(name) || (canonical && goJsonIsIdentity(bytes));
  hash.update(asIs ? bytes : goJson(parseJsonKeepingNumbers(bytes)));
  return hash.digest('hex');
}

/**
 * For canonicalize() output: whether goJson(parse(bytes)) gives the same bytes. It does when the
 * text is ASCII — then sorting keys by UTF-16 units (canonicalize) and by bytes (Go) agree, and
 * JSON.stringify escapes exactly as goString() does (\", \\, \b \t \n \f \r, other controls
 * as \u00xx) — and no escape starts with \ud (JSON.stringify writes a lone surrogate as \udxxx;
 * Go decodes it to U+FFFD). An escaped backslash before "ud" also says no: that only costs time.
 * test/signature.test.ts checks the claim on arbitrary values.
 */
export function goJsonIsIdentity(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(buf) && buf.indexOf('\\ud') < 0;
}

// A JSON value whose numbers keep their literal text (Go decodes with UseNumber).
type Json = null | boolean | string | { num: string } | Json[] | Map<string, Json>;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strict RFC 8259 parsing; a UTF-8 BOM is skipped like OPA does. */
export function parseJsonKeepingNumbers(bytes: Uint8Array): Json {
  let text = decoder.decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}: ${what}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map<string, Json>();
      ws();
      if (text[i] === '}') return i++, map;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const key = string();
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        map.set(key, value());
        ws();
        const sep = text[i++];
        if (sep === '}') return map;
        if (sep !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const list: Json[] = [];
      ws();
      if (text[i] === ']') return i++, list;
      for (;;) {
        list.push(value());
        ws();
        const sep = text[i++];
        if (sep === ']') return list;
        if (sep !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length), v;
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('expected a value');
    i += m![0].length;
    return { num: m![0] };
  };
  const string = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) fail('unterminated string');
      if (c === '"') break;
      if (c! < ' ') fail('control character in string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) {
        out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
        i += 4;
      } else fail('bad escape');
    }
    // Go decodes an unpaired surrogate escape to U+FFFD.
    return out.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  };
  const result = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}

/** Compact JSON the way OPA's hasher writes it. */
export function goJson(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return goString(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (value instanceof Map) {
    const keys = [...value.keys()].sort(compareCodePoints);
    return `{${keys.map((k) => `${goString(k)}:${goJson(value.get(k)!)}`).join(',')}}`;
  }
  return value.num;
}

function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += short[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go sorts map keys by bytes; for UTF-8 that is code point order (JS sorts by UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let k = 0; k < Math.min(x.length, y.length); k++) {
    const d = x[k]!.codePointAt(0)! - y[k]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
