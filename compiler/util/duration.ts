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
