import { CHECK_IN_OUTCOMES_V1, CONTINUING_CARE_END_REASONS_V1, READMISSION_REASON_CODES_V1 } from '@continuum/contracts';
import { CHECK_IN_OUTCOMES, CONTINUING_CARE_END_REASONS, READMISSION_REASONS } from './events.js';

// The codes aftercare decides with are the codes its integration events publish: a code
// added here without a new contract version would be refused by every consumer.
describe('the codes aftercare publishes', () => {
  it('are the check-in outcomes of the CheckInRecorded contract', () => expect([...CHECK_IN_OUTCOMES]).toEqual([...CHECK_IN_OUTCOMES_V1]));
  it('are the reasons of the ReadmissionRecommended contract', () =>
    expect([...READMISSION_REASONS]).toEqual([...READMISSION_REASON_CODES_V1]));
  it('are the reasons of the ContinuingCareEnded contract', () =>
    expect([...CONTINUING_CARE_END_REASONS]).toEqual([...CONTINUING_CARE_END_REASONS_V1]));
});
