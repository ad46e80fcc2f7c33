// Pieces every command that reports diagnostics shares: format choice, colour, code frames.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, Summary } from '../diagnostics/diagnostic.js';
import { FORMATS, render, type Format } from '../diagnostics/render/index.js';
import { UsageError, type Io } from './command.js';

export function parseFormat(value: unknown): Format {
  const format = (value ?? 'pretty') as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError('cli-option-invalid', { option: '--format', expected: `one of ${FORMATS.join(', ')}`, found: String(value) });
  }
  return format;
}

/**
 * Whether text written to `stream` may carry ANSI colour. It is the stream's own terminal that
 * counts: `gatebook build 2>err` on a terminal must not put escape codes into `err`.
 */
export function useColor(io: Io, stream: Io['stdout'] | Io['stderr']): boolean {
  if (io.env.NO_COLOR) return false;
  // NO_COLOR wins; FORCE_COLOR=0 or false turns colour off even on a terminal, any other non-empty
  // value turns it on (an empty one counts as unset, unlike Node's own reading).
  if (io.env.FORCE_COLOR === '0' || io.env.FORCE_COLOR === 'false') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '') return true;
  return Boolean(stream.isTTY);
}

export function parseToday(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  // Date.parse rolls impossible days over (2026-11-31 → 2026-12-01): the date must survive the round trip.
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s) {
    throw new UsageError('cli-option-invalid', { option: '--today', expected: 'a date YYYY-MM-DD on the calendar', found: s });
  }
  return s;
}

/**
 * Writes diagnostics to `stream` the way the user asked, with code frames read from disk; one
 * function, so the colour decision is always made for the stream that gets the text.
 */
export function writeDiagnostics(io: Io, stream: Io['stdout'] | Io['stderr'], format: Format, diagnostics: readonly Diagnostic[], summary: Summary): void {
  const cache = new Map<string, string | undefined>();
  stream.write(render(format, diagnostics, summary, {
    color: useColor(io, stream),
    source: (file) => {
      if (!cache.has(file)) {
        try {
          cache.set(file, readFileSync(resolve(io.cwd, file), 'utf8').replace(/^\uFEFF/, ''));
        } catch {
          cache.set(file, undefined);
        }
      }
      return cache.get(file);
    },
  }));
}
