// One entry point turns diagnostics into any output format.
import type { Diagnostic, Summary } from '../diagnostic.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderPretty } from './pretty.js';
import { renderSarif } from './sarif.js';
import type { Format, RenderOptions } from './types.js';

export { FORMATS, type Format, type RenderOptions } from './types.js';

export function render(format: Format, diagnostics: readonly Diagnostic[], summary: Summary, options: RenderOptions): string {
  switch (format) {
    case 'json': return renderJson(diagnostics, summary);
    case 'github': return renderGithub(diagnostics, summary);
    case 'sarif': return renderSarif(diagnostics, summary);
    case 'pretty': return renderPretty(diagnostics, summary, options);
  }
}
