// Copies the JSON Schemas to <site>/schemas/ (default dist/), where the site links them and
// editors and clients fetch them at stable URLs. Usage: node scripts/copy-schemas.mjs [outDir]
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(resolve(process.argv[2] ?? join(root, 'dist')), 'schemas');
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(root, 'schemas')).filter((n) => n.endsWith('.json'))) {
  copyFileSync(join(root, 'schemas', name), join(out, name));
}
