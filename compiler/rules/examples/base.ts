// The minimal valid runbook that every rule example is laid over. It must pass every rule
// (test/rules.test.ts checks that it does).

export const BASE_FRONTMATTER = `apiVersion: gatebook/v1
id: example-scale-out
title: Scale out example-api
services: [example-api]
owner: { name: Dana Whitfield, email: dana.whitfield@example.com }
approval:
  approvedBy: { name: Lee Okafor, email: lee.okafor@example.com }
  approvedOn: 2026-11-01
  ticket: CHG-1001
  reviewCycle: 365d
contacts:
  - { id: example-oncall, name: Example primary on-call, kind: rotation, pager: pagerduty:example-primary }
  - { id: lee-okafor, name: Lee Okafor, kind: person, email: lee.okafor@example.com }
actors:
  - id: autoscaler-agent
    name: Autoscaling agent
    kind: autoscaler
    owner: { name: Sam Ortiz, email: sam.ortiz@example.com }
    model: { name: scaler-model, version: "2026-10-01" }
signals:
  - { id: p95-latency, name: p95 latency, kind: latency, source: "prometheus: example_p95_ms", unit: ms }
actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: execute
    gate: autonomous
    envelope: { replicas: { min: 3, max: 12 }, maxStep: 3 }
    rollback:
      triggers: [{ signal: p95-latency, when: rises-by, threshold: 20%, intervals: 2 }]
      action: Scale back to the previous replica count.
      owner: example-oncall
escalation:
  triggers: [{ on: stale-telemetry }]
  chain: [{ contact: example-oncall, ackWithin: 15m }]
`;

export const BASE_BODY = `# Scale out example-api

## Steps

1. Check p95 latency on the example-api dashboard.
2. Let the autoscaler add replicas, at most 3 at a time.

## Rollback

Scale back to the previous replica count and page the on-call.
`;

/** A second runbook that sits beside the base one without conflict (for project rules' examples). */
export const SCALE_IN_ACTIONS = `actions:
  - id: scale-in
    title: Remove replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: recommend
    gate: approve
    approval: { approvers: [lee-okafor] }`;

/** "Today" for examples and their tests, so expiry rules give the same answer every day. */
export const EXAMPLE_TODAY = '2026-11-21';
