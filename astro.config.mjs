// The responder site: static pages built from the compiler's output (.gatebook/site-data.json,
// written by `gatebook publish`). `npm run build` runs the whole chain; see README "The site".
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: 'site',
  outDir: 'dist',
  output: 'static',
  site: 'https://gatebook.dev',
  trailingSlash: 'always',
  // Whitespace between elements stays, so search excerpts do not run words together.
  compressHTML: false,
  build: {
    format: 'directory',
    // One stylesheet for every page: cached once, counted once.
    inlineStylesheets: 'never',
  },
  // Nothing is fetched from elsewhere; no telemetry-style prefetching either.
  prefetch: false,
  devToolbar: { enabled: false },
  vite: {
    // dist/bundle/ (policy bundle, OPA bundle, signatures) is written before Astro runs.
    build: { emptyOutDir: false },
  },
});
