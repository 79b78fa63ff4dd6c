// Practical needs a case manager follows after discharge (docs/domain/aftercare.md#the-aftercare-plan): each is
// identified, referred to a service, met, or declined by the client, and may move between
// these as life changes (a need met in spring may be identified again in autumn).

export const CASE_MANAGEMENT_NEEDS = [
  'food-bank',
  'clothing',
  'vocational-training',
  'transport',
  'legal-help',
  'hiv-testing',
  'hepatitis-testing',
  'sti-testing',
] as const;
export type CaseManagementNeed = (typeof CASE_MANAGEMENT_NEEDS)[number];

export const CASE_MANAGEMENT_STATUSES = ['identified', 'referred', 'met', 'declined'] as const;
export type CaseManagementStatus = (typeof CASE_MANAGEMENT_STATUSES)[number];

export type CaseManagementNeedState = {
  status: CaseManagementStatus;
  /** The referral or appointment at the outside service, when there is one. */
  referenceId?: string;
  updatedAt: string;
};
