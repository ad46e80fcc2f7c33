// Removes the previous site (everything in dist/ but the bundle) and .gatebook/, so stale pages of
// removed runbooks never linger. Runs after `gatebook build`: the bundle is replaced atomically
// there, and a build that fails its check must leave the bundle a server is serving in place.
// Cross-platform.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
let names = [];
try {
  names = readdirSync(dist);
} catch {
  // no dist/ yet
}
for (const name of names) if (name !== 'bundle') rmSync(join(dist, name), { recursive: true, force: true });
rmSync(join(root, '.gatebook'), { recursive: true, force: true });
