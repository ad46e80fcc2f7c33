// Removes the build outputs (dist/ and .gatebook/) so every build starts clean. Cross-platform.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['dist', '.gatebook']) rmSync(join(root, dir), { recursive: true, force: true });
