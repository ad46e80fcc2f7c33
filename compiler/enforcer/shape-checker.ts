// The structural checker behind checkBundleShape(): typed field checks that keep the path of the
// value being checked as a stack of segments and build a path string only when something is wrong
// (it runs over every rule of a 10,000-runbook bundle at load).

import { isObj, type Obj } from './shape-vocab.js';

const MAX_ERRORS = 10;
type Seg = string | number;

export class Checker {
  readonly errors: string[] = [];
  private readonly path: Seg[] = [];

  fail(seg: Seg | null, what: string): false {
    if (this.errors.length < MAX_ERRORS) {
      const segs = seg === null ? this.path : [...this.path, seg];
      this.errors.push(`/${segs.join('/')} ${what}`);
    }
    return false;
  }
  full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }
  /** Check `o[key]` is an object and run `body` inside it (when present, if optional). */
  obj(o: Obj, key: string, body: (v: Obj) => void, optional = false): void {
    const v = o[key];
    if (v === undefined && optional) return;
    if (!isObj(v)) {
      this.fail(key, 'must be an object');
      return;
    }
    this.path.push(key);
    body(v);
    this.path.pop();
  }
  /** Check `o[key]` is an array (of at least `minItems`) and run `each` on its elements. */
  arr(o: Obj, key: string, each: ((v: unknown, c: Checker) => void) | null, optional = false, minItems = 0): unknown[] | null {
    const v = o[key];
    if (v === undefined && optional) return null;
    if (!Array.isArray(v)) {
      this.fail(key, 'must be an array');
      return null;
    }
    if (v.length < minItems) this.fail(key, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    if (each) {
      this.path.push(key);
      for (let i = 0; i < v.length; i++) {
        this.path.push(i);
        each(v[i], this);
        this.path.pop();
      }
      this.path.pop();
    }
    return v;
  }
  str(o: Obj, key: string, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'string' && v.length > 0)) this.fail(key, 'must be a non-empty string');
  }
  num(o: Obj, key: string, min = -Infinity, max = Infinity, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)) this.fail(key, `must be a number from ${min} to ${max}`);
  }
  int(o: Obj, key: string, min: number, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(Number.isInteger(v) && (v as number) >= min)) this.fail(key, `must be a whole number, at least ${min}`);
  }
  bool(o: Obj, key: string): void {
    if (typeof o[key] !== 'boolean') this.fail(key, 'must be true or false');
  }
  oneOf(o: Obj, key: string, allowed: ReadonlySet<string>, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'string' && allowed.has(v))) this.fail(key, `must be one of ${[...allowed].join(', ')}`);
  }
  match(o: Obj, key: string, re: RegExp | ((s: string) => boolean), what: string): void {
    const v = o[key];
    if (!(typeof v === 'string' && (typeof re === 'function' ? re(v) : re.test(v)))) this.fail(key, `must be ${what}`);
  }
  /** `o[key]` is the id of an entry of `table` (a contact of the runbook, a rule of the bundle). */
  ref(o: Obj, key: string, table: Obj, what: string, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!(typeof v === 'string' && Object.hasOwn(table, v))) this.fail(key, `must name ${what}`);
  }
  /** The element being visited by arr() is itself checked. */
  self(v: unknown, check: (v: unknown) => boolean, what: string): void {
    if (!check(v)) this.fail(null, what);
  }
}
