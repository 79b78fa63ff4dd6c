import { type ReadModelDefinition } from '@continuum/read-store';
import { type IntakeClient, type ScreeningRecord, consentStatus, isOnSafetyHold } from '../domain/index.js';

// The client's whole intake record as the write side folds it, kept ready so that a summary
// or a dashboard needs no replay. The document holds the folded state; what a reader sees
// (consent status, latest screenings) is shaped at read time, because it depends on the date.

export type ClientRecord = { clientId: string; siteId: string; state: IntakeClient; updatedAt: string };

export const CLIENT_RECORDS: ReadModelDefinition = { name: 'intake_client_records', indexes: [{ fields: ['siteId'] }] };

/** The most recent result of each instrument, in the order they were first given. */
export function latestScreenings(screenings: readonly ScreeningRecord[]): ScreeningRecord[] {
  const latest = new Map<string, ScreeningRecord>();
  for (const screening of screenings) {
    latest.delete(screening.outcome.instrument);
    latest.set(screening.outcome.instrument, screening);
  }
  return [...latest.values()];
}

export function clientSummaryOf(record: ClientRecord, now: Date) {
  const { state } = record;
  const latest = latestScreenings(state.screenings);
  return {
    clientId: record.clientId,
    siteId: record.siteId,
    status: state.status,
    person: state.registration?.person,
    possibleDuplicateOf: state.registration?.possibleDuplicateOf ?? [],
    consents: state.consents.map((consent) => ({
      ...consent.form,
      grantedAt: consent.recordedAt,
      ...(consent.revocation === undefined ? {} : { revocation: consent.revocation }),
      ...(consent.legacyForm ? { legacyForm: true } : {}),
      status: consentStatus(consent, now),
    })),
    latestScreenings: latest.map((screening) => ({
      screeningId: screening.screeningId,
      recordedAt: screening.recordedAt,
      ...screening.outcome,
    })),
    positiveScreenings: latest.filter((screening) => screening.outcome.positive).map((screening) => screening.outcome.instrument),
    isOnSafetyHold: isOnSafetyHold(state),
    coOccurringConditions: state.conditionsIdentified,
    assessment: state.assessment,
    recommendation: state.recommendation,
    placement: state.placement,
    admission: state.admissions.at(-1),
    updatedAt: record.updatedAt,
  };
}
