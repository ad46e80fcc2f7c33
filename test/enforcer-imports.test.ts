// The enforcer depends only on the compiled bundle contract and utilities: never on the parser,
// the validator, the language, the rules, the check stage or the compiler. This pins it, for the
// enforcer's own files and for everything they load at run time.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const COMPILER = resolve(import.meta.dirname, '..', 'compiler');
const ENFORCER = join(COMPILER, 'enforcer');
const ALLOWED_DIRS = ['enforcer', 'bundle', 'util'];
const ALLOWED_PACKAGES = ['jose'];

interface Import { specifier: string; typeOnly: boolean }

function imports(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    out.push({ specifier: m[3]!, typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ specifier: m[1]!, typeOnly: false });
  return out;
}

const toTs = (file: string) => file.replace(/\.js$/, '.ts');

describe('compiler/enforcer imports', () => {
  const files = readdirSync(ENFORCER).filter((f) => f.endsWith('.ts')).map((f) => join(ENFORCER, f));

  it('reach only compiler/enforcer, compiler/bundle and compiler/util (and node:, jose)', () => {
    const bad: string[] = [];
    for (const file of files) {
      for (const { specifier } of imports(file)) {
        if (specifier.startsWith('node:') || ALLOWED_PACKAGES.includes(specifier)) continue;
        if (!specifier.startsWith('.')) {
          bad.push(`${relative(COMPILER, file)} imports the package ${specifier}`);
          continue;
        }
        const dir = relative(COMPILER, resolve(dirname(file), specifier)).split(/[\\/]/)[0]!;
        if (!ALLOWED_DIRS.includes(dir)) bad.push(`${relative(COMPILER, file)} imports ${specifier}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('load nothing from parse, validate, language, rules, check or compile at run time, transitively', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const { specifier, typeOnly } of imports(file)) {
        if (typeOnly || !specifier.startsWith('.')) continue;
        const target = toTs(resolve(dirname(file), specifier));
        const dir = relative(COMPILER, target).split(/[\\/]/)[0]!;
        if (['parse', 'validate', 'language', 'rules', 'check', 'compile'].includes(dir)) bad.push(`${relative(COMPILER, file)} → ${specifier}`);
        else visit(target);
      }
    };
    visit(join(ENFORCER, 'index.ts'));
    expect(bad).toEqual([]);
    expect([...seen].some((f) => f.includes(`${join('compiler', 'bundle')}`))).toBe(true);
  });

  it('keeps index.ts to re-exports and every module small', () => {
    const index = readFileSync(join(ENFORCER, 'index.ts'), 'utf8');
    const code = index.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('//'));
    for (const line of code) expect(line).toMatch(/^(export |  |\} from )/);
    for (const file of files) expect(readFileSync(file, 'utf8').split('\n').length, relative(COMPILER, file)).toBeLessThanOrEqual(320);
  });
});
