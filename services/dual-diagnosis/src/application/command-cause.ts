import { commandEnvelopesOf } from '@continuum/platform';

// Who a command is recorded as, and why (CommandCause in @continuum/platform): dual-diagnosis's events
// name dual-diagnosis as the actor when they react to another service's event or fire a deadline.
export const { envelopeOf } = commandEnvelopesOf('dual-diagnosis');
