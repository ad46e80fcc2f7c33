// SOURCE_DATE_EPOCH, read the same way by `build` and `publish`. Its own module so a command can
// read it without loading the bundle writer.

/** SOURCE_DATE_EPOCH (reproducible-builds.org): a whole number of seconds, or unset. */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  // Up to 9999-12-31T23:59:59Z, so generatedAt stays a plain RFC 3339 date-time.
  if (!/^\d{1,12}$/.test(value) || Number(value) > 253402300799) {
    throw new RangeError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (at most 253402300799); found '${value}'`);
  }
  return Number(value);
}
