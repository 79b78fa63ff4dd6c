import { type ValidationProblem, isBlank, isOneOf } from './validation.js';

// The relapse-prevention plan the client leaves with (docs/domain/aftercare.md#the-aftercare-plan): what sets them
// off, how they notice it coming, what helps, whom they call, and what to do when a craving
// or a high-risk moment comes. It stays inside the aftercare service: the descriptions are
// the client's own words, and support contacts are ids with a relationship code, never a
// name or a number (a contact's details live with the client's record, not in events).

export const TRIGGER_KINDS = ['people', 'places', 'emotions', 'other'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const SUPPORT_RELATIONSHIPS = [
  'sponsor',
  'peer-mentor',
  'family',
  'partner',
  'friend',
  'counsellor',
  'case-manager',
  'other',
] as const;
export type SupportRelationship = (typeof SUPPORT_RELATIONSHIPS)[number];

export type Trigger = { kind: TriggerKind; description: string };

export type SupportContact = { contactId: string; relationship: SupportRelationship };

/** What to do when a craving or a high-risk moment comes, in order, and whom to call first. */
export type ActionPlan = { steps: string[]; firstContactId: string };

export type RelapsePreventionPlan = {
  triggers: Trigger[];
  warningSigns: string[];
  copingStrategies: string[];
  supportContacts: SupportContact[];
  actionPlan: ActionPlan;
};

/** Every problem of the plan; `minimumSupportContacts` is the network's figure (3 by default). */
export function validateRelapsePreventionPlan(plan: RelapsePreventionPlan, minimumSupportContacts: number): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const triggers = Array.isArray(plan?.triggers) ? plan.triggers : [];
  if (triggers.length === 0) problems.push({ field: 'triggers', message: 'name at least one trigger (people, places, emotions or other)' });
  triggers.forEach((trigger, index) => {
    if (!isOneOf(TRIGGER_KINDS, trigger?.kind))
      problems.push({ field: `triggers[${index}].kind`, message: `give the kind of trigger: ${TRIGGER_KINDS.join(', ')}` });
    if (isBlank(trigger?.description)) problems.push({ field: `triggers[${index}].description`, message: 'describe the trigger' });
  });
  problems.push(...nonEmptyTexts(plan?.warningSigns, 'warningSigns', 'name at least one warning sign the client or others can notice'));
  problems.push(...nonEmptyTexts(plan?.copingStrategies, 'copingStrategies', 'name at least one coping strategy'));

  const contacts = Array.isArray(plan?.supportContacts) ? plan.supportContacts : [];
  contacts.forEach((contact, index) => {
    if (isBlank(contact?.contactId)) problems.push({ field: `supportContacts[${index}].contactId`, message: "give the contact's id" });
    if (!isOneOf(SUPPORT_RELATIONSHIPS, contact?.relationship)) {
      problems.push({
        field: `supportContacts[${index}].relationship`,
        message: `give the relationship: ${SUPPORT_RELATIONSHIPS.join(', ')}`,
      });
    }
  });
  const contactIds = new Set(contacts.map((contact) => contact?.contactId).filter((id) => !isBlank(id)));
  if (contactIds.size < contacts.length)
    problems.push({ field: 'supportContacts', message: 'each support contact is listed once: remove the repeated ids' });
  if (contactIds.size < minimumSupportContacts) {
    problems.push({
      field: 'supportContacts',
      message: `a relapse-prevention plan needs at least ${minimumSupportContacts} support contacts the client can call (${contactIds.size} given): add people from the client's support network, a sponsor or a peer mentor`,
    });
  }

  const actionPlan = plan?.actionPlan;
  problems.push(
    ...nonEmptyTexts(actionPlan?.steps, 'actionPlan.steps', 'write down what the client does when a craving or a high-risk moment comes'),
  );
  if (isBlank(actionPlan?.firstContactId) || !contactIds.has(actionPlan.firstContactId)) {
    problems.push({ field: 'actionPlan.firstContactId', message: "name whom the client calls first: one of the plan's support contacts" });
  }
  return problems;
}

function nonEmptyTexts(values: unknown, field: string, message: string): ValidationProblem[] {
  if (!Array.isArray(values) || values.length === 0) return [{ field, message }];
  return values.flatMap((value, index) =>
    isBlank(value) ? [{ field: `${field}[${index}]`, message: 'remove the empty entry or fill it in' }] : [],
  );
}
