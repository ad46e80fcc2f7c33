// SOURCE_DATE_EPOCH, read the same way by `build` and `publish`. Its own module so a command can
// read it without loading the bundle writer.

/**
 * The latest time the tarball records correctly: tar-stream (3.x) truncates the file time to a
 * signed 32-bit number before writing its octal digits, so from 2^31 s (2038-01-19T03:14:08Z) the
 * header holds a negative number that GNU tar and Python's tarfile refuse.
 */
export const MAX_SOURCE_DATE_EPOCH = 2 ** 31 - 1;

/** SOURCE_DATE_EPOCH (reproducible-builds.org): a whole number of seconds, or unset. */
export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,12}$/.test(value) || Number(value) > MAX_SOURCE_DATE_EPOCH) {
    throw new RangeError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, at most ${MAX_SOURCE_DATE_EPOCH} (2038-01-19T03:14:07Z, the latest file time the tarball writer records); found '${value}'`);
  }
  return Number(value);
}
