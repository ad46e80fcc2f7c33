import { fileRule } from './define.js';

/**
 * What Intl makes of a zone name: unknown, spelled as IANA spells it, spelled in another
 * letter case (`spelling` is the IANA one when Intl can tell it), or known but with no way
 * to tell its spelling (an alias that Intl resolves to another zone, e.g. `US/Pacific`).
 */
type ZoneSpelling = { kind: 'unknown' } | { kind: 'exact' } | { kind: 'case'; spelling?: string } | { kind: 'alias' };

const zoneCache = new Map<string, ZoneSpelling>();
let ianaByLowerCase: Map<string, string> | undefined;

/**
 * Intl ignores letter case, but Go's time.LoadLocation and Python's zoneinfo do not, and the
 * bundle keeps the zone as typed: so a case-only difference must be caught here. We only check
 * the spelling, never rewrite it: Intl's canonical name depends on the ICU version, and the
 * bundle must be byte-identical across Node versions.
 */
function zoneSpelling(zone: string): ZoneSpelling {
  let result = zoneCache.get(zone);
  if (result === undefined) {
    result = lookUpZone(zone);
    zoneCache.set(zone, result);
  }
  return result;
}

function lookUpZone(zone: string): ZoneSpelling {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return { kind: 'unknown' };
  }
  ianaByLowerCase ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  const lower = zone.toLowerCase();
  // The resolved name is the input's own IANA spelling when it is the same name (newer engines
  // return it for aliases too); supportedValuesOf lists primary names, and on Node 20 lacks `UTC`.
  const spelling = resolved.toLowerCase() === lower ? resolved : ianaByLowerCase.get(lower);
  if (spelling !== undefined) return spelling === zone ? { kind: 'exact' } : { kind: 'case', spelling };
  // An alias such as `US/Pacific` that Intl resolves to another zone: Intl keeps no spelling
  // for it. Every IANA name, aliases included, starts each part with a capital letter (or a
  // digit or sign, as in `Etc/GMT+5`), so a part starting in lower case is a case error.
  return zone.split('/').some((part) => /^\p{Ll}/u.test(part)) ? { kind: 'case' } : { kind: 'alias' };
}

export default fileRule({
  id: 'change-window-valid',
  severity: 'error',
  summary: 'Change windows are real: a known time zone spelled as IANA spells it, windows that are not empty, freezes that end after they start.',
  description: `Enforcers evaluate change windows in the declared IANA time zone; an unknown zone would make every window ambiguous. The name must also match the IANA spelling letter for letter: \`europe/berlin\` works where lookups ignore case, but Go's \`time.LoadLocation\` and Python's \`zoneinfo\` reject it, so such an enforcer would deny everything the window covers. Aliases from the database, such as \`US/Pacific\`, are fine. A window whose \`from\` equals its \`to\` is empty (a window that crosses midnight, \`from: "22:00"\`, \`to: "02:00"\`, is fine), and a freeze that ends before it starts never applies.`,
  examples: {
    good: [{ frontmatter: `actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: execute
    gate: autonomous
    changeWindows:
      timezone: Europe/Berlin
      allowed: [{ days: [mon, tue, wed, thu], from: "09:00", to: "16:00" }]
    rollback:
      triggers: [{ signal: p95-latency, when: rises-by, threshold: 20% }]
      action: Scale back to the previous replica count.
      owner: example-oncall` }],
    bad: [{ frontmatter: `actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: execute
    gate: autonomous
    changeWindows:
      timezone: Europe/Berlinn
      freezes: [{ from: 2026-12-24, to: 2026-12-20, reason: Holiday freeze }]
    rollback:
      triggers: [{ signal: p95-latency, when: rises-by, threshold: 20% }]
      action: Scale back to the previous replica count.
      owner: example-oncall` }],
  },
}, (ctx) => {
  ctx.runbook.actions.forEach((action, i) => {
    const cw = action.changeWindows;
    if (!cw) return;
    const base = ['actions', i, 'changeWindows'];
    const zone = cw.timezone === undefined ? undefined : zoneSpelling(cw.timezone);
    if (zone?.kind === 'unknown') {
      ctx.report({
        path: [...base, 'timezone'],
        message: `Action \`${action.id}\` uses the time zone \`${cw.timezone}\`, which is not an IANA zone name; expected one such as \`Europe/Berlin\` or \`UTC\`.`,
        hint: 'Use a name from the IANA time zone database (the TZ column of `timedatectl list-timezones`).',
        params: { action: action.id, timezone: cw.timezone },
      });
    } else if (zone?.kind === 'case') {
      ctx.report({
        path: [...base, 'timezone'],
        message: zone.spelling !== undefined
          ? `Action \`${action.id}\` uses the time zone \`${cw.timezone}\`, which the IANA database spells \`${zone.spelling}\`; expected that spelling.`
          : `Action \`${action.id}\` uses the time zone \`${cw.timezone}\`, which the IANA database spells with a capital letter at the start of each part; expected its exact spelling.`,
        hint: 'Enforcers look zone names up case-sensitively (Go\'s time.LoadLocation, Python\'s zoneinfo) and would deny every request; copy the name from `timedatectl list-timezones`.',
        params: { action: action.id, timezone: cw.timezone, ...(zone.spelling !== undefined ? { expected: zone.spelling } : {}) },
      });
    }
    cw.allowed?.forEach((w, j) => {
      if (w.from === w.to) {
        ctx.report({
          path: [...base, 'allowed', j, 'to'],
          message: `Action \`${action.id}\` has a change window from ${w.from} to ${w.to}, which is empty; expected \`to\` to differ from \`from\`.`,
          hint: 'For a window across midnight write e.g. from "22:00" to "02:00"; for all day use from "00:00" to "23:59".',
          params: { action: action.id, from: w.from, to: w.to },
        });
      }
    });
    cw.freezes?.forEach((f, j) => {
      if (f.from > f.to) {
        ctx.report({
          path: [...base, 'freezes', j, 'to'],
          message: `Action \`${action.id}\` has a freeze ending ${f.to}, before it starts on ${f.from}; expected \`to\` on or after \`from\`.`,
          hint: 'Swap the dates, or fix the year.',
          params: { action: action.id, from: f.from, to: f.to },
        });
      }
    });
  });
});
