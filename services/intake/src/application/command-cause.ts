import { commandEnvelopesOf } from '@continuum/platform';

// Who a command is recorded as, and why (CommandCause in @continuum/platform): intake's events
// name intake as the actor when they react to another service's event.
export const { envelopeOf } = commandEnvelopesOf('intake');
