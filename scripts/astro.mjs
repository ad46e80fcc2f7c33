// Runs the Astro CLI with its telemetry off: building the site sends nothing anywhere.
// Usage: node scripts/astro.mjs build [astro options…]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const astro = join(dirname(require.resolve('astro/package.json')), 'astro.js');
const result = spawnSync(process.execPath, [astro, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
process.exitCode = result.status ?? 1;
