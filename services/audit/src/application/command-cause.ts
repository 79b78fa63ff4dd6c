import { commandEnvelopesOf } from '@continuum/platform';

// Who the audit's few commands are recorded as, and why (CommandCause in @continuum/platform):
// a FHIR export to an outside recipient is recorded as the caller, at the client's site.
export const { envelopeOf } = commandEnvelopesOf('audit');
