import { fileRule } from './define.js';

const zoneCache = new Map<string, boolean>();

/** Whether Intl knows the IANA zone name. */
function isTimeZone(zone: string): boolean {
  let ok = zoneCache.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    zoneCache.set(zone, ok);
  }
  return ok;
}

export default fileRule({
  id: 'change-window-valid',
  severity: 'error',
  summary: 'Change windows are real: a known time zone, windows that are not empty, freezes that end after they start.',
  description: `Enforcers evaluate change windows in the declared IANA time zone; an unknown zone would make every window ambiguous. A window whose \`from\` equals its \`to\` is empty (a window that crosses midnight, \`from: "22:00"\`, \`to: "02:00"\`, is fine), and a freeze that ends before it starts never applies.`,
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
    if (cw.timezone !== undefined && !isTimeZone(cw.timezone)) {
      ctx.report({
        path: [...base, 'timezone'],
        message: `Action \`${action.id}\` uses the time zone \`${cw.timezone}\`, which is not an IANA zone name; expected one such as \`Europe/Berlin\` or \`UTC\`.`,
        hint: 'Use a name from the IANA time zone database (the TZ column of `timedatectl list-timezones`).',
        params: { action: action.id, timezone: cw.timezone },
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
