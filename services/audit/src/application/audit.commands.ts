import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  DEFAULT_CONSENT_POLICY,
  type DisclosureBasisClaim,
  type DisclosureRecipient,
  type PurposeOfUse,
  type Reason,
  consentsAndRestrictionsOf,
} from '@continuum/consent';
import { fold } from '@continuum/decider';
import { EVENT_STORE, type EventStore, type RecordedEvent, runCommand } from '@continuum/event-store';
import { CLOCK, type Clock, type CommandCause, idFromCause, idempotencyKeyOf } from '@continuum/platform';
import { isAccessRecord } from '../domain/access-records.js';
import { foldClientConsents, startClientConsents } from '../domain/client-consents.js';
import {
  type FhirExportCommand,
  type FhirExportEvent,
  type FhirExportState,
  type GatewayInputs,
  fhirExportDecider,
  fhirExportStream,
} from '../domain/fhir-exports.js';
import { fhirExport } from '../domain/fhir/client-export.js';
import { type FhirBundle } from '../domain/fhir/fhir-resource.js';
import { ClientIndex } from '../client-index/client-index.js';
import { ClientNotInTheStore } from './client-audit.js';
import { clientEvents } from './client-events.js';
import { envelopeOf } from './command-cause.js';

export type FhirExportAsk = { recipient: DisclosureRecipient; purpose: PurposeOfUse; basis: DisclosureBasisClaim };

export type FhirExportOutcome =
  | { exportId: string; status: 'disclosed'; disclosureId: string; bundle: FhirBundle; replayed: boolean }
  | { exportId: string; status: 'awaiting-consent'; reasons: Reason[]; replayed: boolean };

export class FhirExportNotFound extends NotFoundException {
  constructor(clientId: string, exportId: string) {
    super(`Client ${clientId} has no FHIR export ${exportId}. Check both ids: the export id is the one its request answered.`);
  }
}

/**
 * The audit's one kind of command: a FHIR export to a recipient outside the network, decided by
 * the disclosure gateway over the client's consents and restrictions as the store holds them
 * (read from intake's streams directly), load → decide → append in the export's own stream.
 * The bundle is built from the same events the gateway decided on, and handed over only once
 * its DisclosureRecorded is stored.
 */
@Injectable()
export class AuditCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly index: ClientIndex,
  ) {}

  async requestFhirExport(clientId: string, ask: FhirExportAsk, cause: CommandCause): Promise<FhirExportOutcome> {
    const record = await this.clientRecord(clientId);
    const envelope = envelopeOf(cause, { clientId, siteId: record.siteId });
    const exportId = idFromCause(cause, `fhir-export:${clientId}`);
    const command: FhirExportCommand = {
      type: 'RequestFhirExport',
      data: { request: { exportId, clientId, ...ask }, siteId: record.siteId, gateway: record.gateway, disclosedBy: envelope.actor },
    };
    return this.execute(exportId, command, cause, record);
  }

  async retryFhirExport(clientId: string, exportId: string, cause: CommandCause): Promise<FhirExportOutcome> {
    const state = await this.load(exportId);
    if (state.status === 'none' || (state.status === 'awaiting-consent' ? state.request.clientId : state.clientId) !== clientId) {
      throw new FhirExportNotFound(clientId, exportId);
    }
    const record = await this.clientRecord(clientId);
    const envelope = envelopeOf(cause, { clientId, siteId: record.siteId });
    return this.execute(
      exportId,
      { type: 'RetryFhirExport', data: { gateway: record.gateway, disclosedBy: envelope.actor } },
      cause,
      record,
    );
  }

  private async execute(
    exportId: string,
    command: FhirExportCommand,
    cause: CommandCause,
    record: { events: RecordedEvent[]; siteId: string; clientId: string },
  ): Promise<FhirExportOutcome> {
    const key = idempotencyKeyOf(cause);
    const now = this.clock.now();
    const outcome = await runCommand({
      store: this.store,
      stream: fhirExportStream(exportId),
      decider: fhirExportDecider,
      command,
      now,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      envelope: envelopeOf(cause, { clientId: record.clientId, siteId: record.siteId }),
    });
    const state = outcome.state;
    if (state.status === 'disclosed') {
      return {
        exportId,
        status: 'disclosed',
        disclosureId: state.disclosureId,
        bundle: fhirExport(state.clientId, now, record.events),
        replayed: outcome.replayed,
      };
    }
    if (state.status === 'awaiting-consent')
      return { exportId, status: 'awaiting-consent', reasons: state.reasons, replayed: outcome.replayed };
    throw new Error(`export ${exportId} recorded nothing`);
  }

  private async load(exportId: string): Promise<FhirExportState> {
    const recorded = await this.store.readStream(fhirExportStream(exportId));
    return fold(
      fhirExportDecider.evolve,
      fhirExportDecider.initialState,
      recorded.map((event) => ({ type: event.type, data: event.data }) as FhirExportEvent),
    );
  }

  /** The client's events, site (that of their latest record) and the gateway's inputs from them; 404 for a client the store never heard of. */
  private async clientRecord(
    clientId: string,
  ): Promise<{ events: RecordedEvent[]; siteId: string; gateway: GatewayInputs; clientId: string }> {
    const events: RecordedEvent[] = [];
    const consents = startClientConsents(clientId);
    for await (const event of clientEvents(this.index, clientId)) {
      events.push(event);
      foldClientConsents(consents, event);
    }
    const latest = events.findLast((event) => !isAccessRecord(event));
    if (!latest) throw new ClientNotInTheStore(clientId);
    const { consents: held, restrictions, events: happened } = consentsAndRestrictionsOf(consents.file, clientId);
    return {
      events,
      siteId: latest.metadata.siteId,
      clientId,
      gateway: { consents: held, restrictions, events: happened, policy: DEFAULT_CONSENT_POLICY },
    };
  }
}
