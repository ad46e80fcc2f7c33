import { catalogDiagnostic, FILE_START } from '../diagnostics/make.js';
import type { FileOutcome } from './check-file.js';

export function unreadable(file: string, error: unknown): FileOutcome {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return { file, sha256: '', diagnostics: [catalogDiagnostic('file-unreadable', file, FILE_START, { reason })] };
}
