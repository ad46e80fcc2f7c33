import type { Person } from '../language/runbook.js';
import type { Path } from '../parse/yaml.js';
import { fileRule } from './define.js';

// Mailboxes and names that belong to groups, not people. An owner must be someone who can be
// asked "why did you approve this?".
const ROLE_MAILBOXES = /^(?:admin|admins|alerts?|devops|dev-?ops|eng|engineering|help|helpdesk|info|infra|it|no-?reply|noc|oncall|on-call|ops|platform|root|security|secops|sre|sres|support|team|infra-team)$/;
const GROUP_WORDS = /\b(?:team|squad|group|guild|crew|department|dept|committee|board|rotation|on-?call|oncall|sre|sres|ops|devops|platform|admins?|bot|robot|service account)\b/i;

export default fileRule({
  id: 'owner-is-person',
  severity: 'error',
  summary: 'Owners, approvers and reviewers are named people, not team aliases.',
  description: `Every runbook and every AI actor has a named human owner, and every policy a named human approver (rule 3 of the rules no runbook can switch off). A team alias (\`sre@\`, "Platform Team") cannot be asked why a grant was approved, so owners, \`approval.approvedBy\` and reviewers must be a person: a name that is not a group's name, and an address that is not a shared mailbox.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `owner: { name: Platform Team, email: platform@example.com }` }],
  },
}, (ctx) => {
  const check = (person: Person, path: Path, role: string) => {
    const local = person.email.split('@')[0]!.toLowerCase();
    if (GROUP_WORDS.test(person.name)) {
      ctx.report({
        path: [...path, 'name'],
        message: `The ${role} is \`${person.name}\`, which names a group; expected a person's name.`,
        hint: 'Name the one person accountable; put teams and rotations under `contacts`.',
        params: { role, name: person.name },
      });
    } else if (ROLE_MAILBOXES.test(local) || /(?:^|[-_.])(?:team|oncall|sre|ops)(?:$|[-_.])/.test(local)) {
      ctx.report({
        path: [...path, 'email'],
        message: `The ${role}'s address \`${person.email}\` is a shared mailbox; expected the person's own address.`,
        hint: 'Use the personal address of the person named; shared mailboxes belong under `contacts`.',
        params: { role, email: person.email },
      });
    }
  };
  const rb = ctx.runbook;
  check(rb.owner, ['owner'], 'runbook owner');
  check(rb.approval.approvedBy, ['approval', 'approvedBy'], 'approver');
  rb.reviewers?.forEach((p, i) => check(p, ['reviewers', i], 'reviewer'));
  rb.actors?.forEach((a, i) => check(a.owner, ['actors', i, 'owner'], `owner of actor \`${a.id}\``));
});
