// Aftercare (continuing care) domain — pure: no Nest, no I/O, no clock (docs/domain/aftercare.md).
//
// Public API for the aftercare service shell:
// - Streams and ids: `aftercarePlanIdFor(episodeId)` (the plan id is the discharged episode's
//   id: one plan per discharge), `aftercarePlanStream(planId)` → `aftercare-<planId>`.
// - Decider: `aftercareDecider(rules)` / `decide(command, state, now, rules)`, `evolve`,
//   `initialAftercarePlan`. Commands (`AftercareCommand`, each `{ type, planId, data }`):
//   CreateAftercarePlan (from EpisodeDischarged; a repeat decides nothing),
//   RecordRelapsePreventionPlan, SetStepDownLevel, ArrangeRecoveryResidence, LinkPeerSupport,
//   RecordPeerSupportAttendance, ArrangeContinuingTherapy, UpdateCaseManagementNeed,
//   RecordCheckIn, MarkCheckInMissed (scheduler, idempotent), EndContinuingCare (scheduler at
//   `endsOn`, the readmission reaction, or staff; idempotent). Staff commands after the end are
//   refused (`continuing-care-ended`); scheduler commands after it decide nothing.
// - Events (`AftercareEvent`): AftercarePlanCreated, RelapsePreventionPlanRecorded,
//   StepDownLevelSet, RecoveryResidenceArranged, PeerSupportLinked,
//   PeerSupportAttendanceRecorded, ContinuingTherapyArranged, CaseManagementNeedUpdated,
//   CheckInRecorded, CheckInMissed, OutreachTaskCreated, ClientMarkedUnreachable,
//   ReadmissionRecommended, ContinuingCareEnded. Five become the integration events of
//   `@continuum/contracts` aftercare-events.ts: AftercarePlanCreated (checkIns → checkInDueDates),
//   CheckInRecorded (barc10 → barc10Total and strongRecoveryCapital, never the answers),
//   CheckInMissed, ReadmissionRecommended (reasons → reasonCodes) and ContinuingCareEnded
//   (reason → reasonCode). The others stay in the service: the relapse-prevention plan holds
//   the client's own words.
// - Outside sends (outside-sends.ts, decide-outside-sends.ts): SetStepDownLevel,
//   ArrangeRecoveryResidence and LinkPeerSupport carry the client's consent file (`send`); the
//   one consent rule allows (+ DisclosureRecorded), holds (+ SendAwaitingConsent) or refuses
//   (RuleBroken `disclosure-refused`). ReleaseHeldSends (a consent copied) sends what it now
//   covers; HeldSendWithdrawn when a restriction refuses a waiting send. The client's consent
//   file (consent-file.ts, stream `aftercare-client-<clientId>`): copies, idempotent per source event.
// - Rules: `AftercareRules`, `DEFAULT_AFTERCARE_RULES`, `aftercareRules(overrides)` (schedule
//   → `checkInDays`, grace days, BARC-10 drop and cutoff, misses for unreachable, minimum
//   support contacts, level catalogue).
// - Pure functions: `scoreBarc10`/`validateBarc10`, `validateRelapsePreventionPlan`,
//   `lastDayToRecord(dueDate, rules)`, `checkInOpensOn(plan, checkIn)`, `outreachTaskIdFor(planId, dueDate)`.
// - Queries for projections and the scheduler: `checkInsDue(plan, weekStart)`,
//   `missedCheckIns(plan, today, rules)` (`isMarked: false` → send MarkCheckInMissed),
//   `outcomeAt(plan, 30 | 90 | 180 | 365)`.
export * from './barc10.js';
export * from './calendar-days.js';
export * from './case-management.js';
export * from './commands.js';
export * from './care-teams.js';
export * from './consent-file.js';
export * from './decide.js';
export { checkInOpensOn, lastDayToRecord, outreachTaskIdFor } from './decide-check-ins.js';
export * from './events.js';
export * from './outside-sends.js';
export * from './plan.js';
export * from './queries.js';
export * from './recovery-supports.js';
export * from './relapse-prevention.js';
export * from './rules.js';
export * from './validation.js';
