export interface RenderOptions {
  /** ANSI colour (pretty only). */
  color: boolean;
  /** The file's text, for code frames (pretty only). */
  source?: (file: string) => string | undefined;
}

export const FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
