// Durations in the runbook language: "5m", "2h", "90d", "1h30m". The schema's pattern accepts
// exactly what this parses.

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const DURATION = /^(?=[0-9])(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$/;

/** Seconds in a duration, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const units = ['w', 'd', 'h', 'm', 's'] as const;
  let total = 0;
  units.forEach((u, i) => {
    const n = m[i + 1];
    if (n !== undefined) total += Number(n) * UNIT_SECONDS[u]!;
  });
  return total;
}

/**
 * Seconds in the same notation, for people: 90 → "1m30s", 86400 → "1d", 1209600 → "2w",
 * 864000 → "10d" (not "1w3d"), 179.999 → "2m59.999s". The inverse of parseDuration for whole seconds.
 */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  // Rounded to the microsecond first, so that no unit rounds up to a full one (1m60s); beyond
  // whole-number precision, or below a microsecond, plain seconds say it best.
  const rounded = Math.round(seconds * 1e6) / 1e6;
  if (!Number.isFinite(seconds) || seconds > Number.MAX_SAFE_INTEGER || (rounded === 0 && seconds !== 0)) return `${seconds}s`;
  let rest = rounded;
  let out = '';
  for (const [unit, size] of [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (unit === 'w' && rest % 604800 !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  const s = Number.isInteger(rest) ? rest : Number(rest.toFixed(6)); // float subtraction's leftovers, to the microsecond
  return s > 0 || out === '' ? `${out}${s}s` : out;
}

/** "20%" → 0.2 */
export function parsePercent(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)%$/.exec(text);
  return m ? Number(m[1]) / 100 : undefined;
}

/** Days from an ISO date (YYYY-MM-DD) at UTC midnight. */
export function isoDateToEpochDays(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86400000);
}

export function epochDaysToIsoDate(days: number): string {
  return new Date(days * 86400000).toISOString().slice(0, 10);
}
