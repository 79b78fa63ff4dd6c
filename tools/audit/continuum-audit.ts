// continuum-audit: an auditor's questions answered from the event store alone.
//
//   npm run audit -- history <clientId> [--service <name>]… [--type <EventType>]… [--from <ISO>] [--to <ISO>]
//   npm run audit -- as-of <clientId> --at <ISO instant>
//   npm run audit -- timeline <clientId>
//   npm run audit -- verify
//   npm run audit -- disclosures <clientId> [--as-of <ISO instant>] [--since <YYYY-MM-DD>]
//   npm run audit -- export <clientId> [--out <file>]
//
// Every command takes --json (machine-readable output) and --store <url> (default:
// EVENT_STORE_URL, else sqlite:./data/events.db). It reads the store in pages and keeps only
// what the answer needs, so memory stays flat however large the store; a run longer than a
// second prints a progress line on stderr every second, and a client question ends with how
// many events it read and how long it took (stderr). A client question reads only the
// client's streams, found in the client index (--index <file>; default
// <DATA_DIR>/audit/client-index.db for the default store, a file named after any other),
// which first catches up with what the store appended since (a progress line when far
// behind) and is rebuilt from zero, saying why, when it no longer matches the store. `export` writes a FHIR R4 Bundle (JSON
// whatever --json says) to stdout or --out, resource by resource as the store is read.
// Exit status: 0 answered (verify: no finding), 1 nothing found or no store at the path
// (verify: something altered, missing or reordered; disclosures: none in the 6 years), 2 bad
// usage (tools/cli/command-line.ts: one line on stderr; --help prints the usage).
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import {
  type CheckpointedEventStore,
  type EventStore,
  hasCheckpointLog,
  openEventStore,
  parseEventStoreUrl,
  trustedKeysFromPem,
  verifyCheckpoints,
} from '@continuum/event-store';
import { type CatchUpProgress, type CatchUpReport, ClientIndex } from '@continuum/audit/client-index/client-index.js';
import { DEFAULT_EVENT_STORE_URL, clientIndexFileFor } from '@continuum/audit/client-index/client-index-file.js';
import {
  clientAsOf,
  clientDisclosures,
  clientFhirResources,
  clientHistory,
  clientTimeline,
} from '@continuum/audit/application/audit-queries.js';
import { type ReadProgress } from '@continuum/audit/application/client-events.js';
import { bundleHeader } from '@continuum/audit/domain/fhir/client-export.js';
import { SERVICE_NAMES, type ServiceName, isServiceName } from '@continuum/audit/domain/stored-event.js';
import { positionFactsOf } from '@continuum/audit/integrity/store-positions.js';
import { type VerifyProgress, verifyStore } from '@continuum/audit/integrity/verify-store.js';
import { asOfText, disclosuresText, historyLine, integrityText, timelineText } from './human-readable.js';
import { type AccessRecord, NO_SITE_KNOWN, accessEvent, accessLogStream } from '@continuum/platform';
import { EVENT_STORES } from '../adapters.js';
import { progressLine, readExport, reportText } from '../checkpoints/checkpoint-report.js';
import { commandLine, fail, usageError } from '../cli/command-line.js';

const cli = commandLine({
  name: 'audit',
  usage: `usage: npm run audit -- <command> [options]

An auditor's questions answered from the event store alone.

commands:
  history <clientId> [--service <name>]… [--type <EventType>]… [--from <ISO>] [--to <ISO>]
  as-of <clientId> --at <ISO instant>
  timeline <clientId>
  verify [--trust <public key file>]… [--exported <file.jsonl>]
                                                   (the hash chains and the global order; with --trust,
                                                   every signed checkpoint too, against an export if given)
  disclosures <clientId> [--as-of <ISO instant>] [--since <YYYY-MM-DD>]
                                                   (default: now; --since: a shorter period the client chose)
  export <clientId> [--out <file>]                 (FHIR R4 Bundle; default: stdout)
options:
  --json           machine-readable output
  --store <url>    the event store (default EVENT_STORE_URL, else ${DEFAULT_EVENT_STORE_URL})
  --index <file>   the client index (default <DATA_DIR>/audit/client-index.db, named after any other store)
  --user <id>      who reads, for the access log (default AUDIT_USER, else the operating-system user)
  -h, --help       this text
services: ${SERVICE_NAMES.join(', ')}
exit status: 0 answered (verify: no finding); 1 nothing found, no such store (verify: something
altered, missing or reordered; disclosures: none in the 6 years); 2 bad usage`,
  options: {
    json: { type: 'boolean', default: false },
    store: { type: 'string' },
    service: { type: 'string', multiple: true },
    type: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    at: { type: 'string' },
    'as-of': { type: 'string' },
    since: { type: 'string' },
    out: { type: 'string' },
    index: { type: 'string' },
    user: { type: 'string' },
    trust: { type: 'string', multiple: true },
    exported: { type: 'string' },
  },
  maxPositionals: 2,
});

const write = (text: string) => process.stdout.write(`${text}\n`);
/** Names this run's access-log stream: one writer per stream, as each service process. */
const CLI_PROCESS_ID = randomUUID();

/** How far through the store a position is, in whole percent (an empty store is done). */
const shareOf = (position: number, headPosition: number) => (headPosition > 0 ? Math.floor((position * 100) / headPosition) : 100);

function scanProgress(progress: ReadProgress, resourcesWritten?: number) {
  const share = shareOf(progress.position, progress.headPosition);
  const rate = Math.round((progress.scanned * 1000) / Math.max(1, progress.elapsedMs));
  const written = resourcesWritten === undefined ? '' : `, ${resourcesWritten} resources written`;
  process.stderr.write(
    `scanned ${progress.scanned} events, position ${progress.position} of ${progress.headPosition} (${share}%), ${rate} events/s${written}\n`,
  );
}

/** The last line on stderr of a client question: what it read and how long it took (the figure the issue asks for). */
function scanFinished(progress: ReadProgress) {
  process.stderr.write(
    `answered from ${progress.scanned} events read up to position ${progress.headPosition} in ${(progress.elapsedMs / 1000).toFixed(2)} s\n`,
  );
}

const FAR_BEHIND = 10_000;

const indexListeners = {
  farBehind: FAR_BEHIND,
  onRebuild: (reason: string) => process.stderr.write(`client index: rebuilding from zero: ${reason}\n`),
  onFarBehind: (checkpoint: number, headPosition: number) =>
    process.stderr.write(`client index: ${headPosition - checkpoint} events to index (position ${checkpoint} to ${headPosition})\n`),
  onProgress: (progress: CatchUpProgress) => {
    process.stderr.write(
      `client index: indexed ${progress.indexed} events, position ${progress.position} of ${progress.headPosition} (${shareOf(progress.position, progress.headPosition)}%), ${perSecond(progress)} events/s\n`,
    );
  },
  onCaughtUp: (report: CatchUpReport) => {
    if (report.indexed < FAR_BEHIND && report.elapsedMs < 1000) return;
    process.stderr.write(
      `client index: indexed ${report.indexed} events up to position ${report.position} in ${(report.elapsedMs / 1000).toFixed(2)} s (${perSecond(report)} events/s)\n`,
    );
  },
};

const perSecond = (progress: CatchUpProgress) => Math.round((progress.indexed * 1000) / Math.max(1, progress.elapsedMs));

function verifyProgress(progress: VerifyProgress) {
  process.stderr.write(
    `verified ${progress.eventsChecked} events, position ${progress.position} of ${progress.headPosition} (${shareOf(progress.position, progress.headPosition)}%), ${progress.eventsPerSecond} events/s\n`,
  );
}

function instant(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value))) usageError(`${option} takes an ISO 8601 instant, e.g. 2026-03-01T12:00:00Z (got "${value}")`);
  return value;
}

function day(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    usageError(`${option} takes a day, YYYY-MM-DD, e.g. 2026-01-01 (got "${value}")`);
  }
  return value;
}

async function main(): Promise<number> {
  const { positionals, values } = cli.parse();
  const [command, clientId] = positionals;
  if (!isCommand(command)) {
    usageError(
      command === undefined ? `say what to do: ${COMMANDS.join(', ')}` : `there is no command "${command}": use ${COMMANDS.join(', ')}`,
    );
  }
  if (command !== 'verify' && !clientId) usageError(`${command} needs the client's id, e.g. npm run audit -- ${command} 3f2c…`);
  const url = values.store ?? (process.env.EVENT_STORE_URL?.trim() || DEFAULT_EVENT_STORE_URL);
  let location;
  try {
    location = parseEventStoreUrl(url);
  } catch (error) {
    usageError((error as Error).message);
  }

  const services = (values.service ?? []).map((service) => {
    if (!isServiceName(service)) usageError(`--service ${service} is not a service: use one of ${SERVICE_NAMES.join(', ')}`);
    return service as ServiceName;
  });
  const from = instant(values.from, '--from');
  const to = instant(values.to, '--to');
  const at = command === 'as-of' ? instant(values.at, '--at') : undefined;
  if (command === 'as-of' && at === undefined) usageError('as-of needs --at <ISO instant>, e.g. --at 2026-03-01T12:00:00Z');
  const disclosuresAsOf = command === 'disclosures' ? instant(values['as-of'], '--as-of') : undefined;
  const disclosuresSince = command === 'disclosures' ? day(values.since, '--since') : undefined;
  const accountingAt = disclosuresAsOf ? new Date(disclosuresAsOf) : new Date();
  if (disclosuresSince !== undefined && Date.parse(`${disclosuresSince}T00:00:00Z`) > accountingAt.getTime()) {
    usageError(`--since ${disclosuresSince} is after the moment of the accounting (${accountingAt.toISOString()})`);
  }
  // Opening a SQLite path creates the file: an auditor's typo must not become an empty store that verifies clean.
  if (location.adapter === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path)) {
    fail(`there is no event store at ${location.path}: give --store sqlite:<path of the store file>, or set EVENT_STORE_URL`);
  }

  const store: EventStore = await openEventStore(url, EVENT_STORES, { isShortLived: true });
  // Opened by the commands about one client; verify reads the whole store and needs none.
  let index: ClientIndex | undefined;
  const clientIndex = () =>
    (index ??= ClientIndex.open(store, values.index ?? clientIndexFileFor(url, process.env.DATA_DIR?.trim() || './data'), indexListeners));
  const close = async () => {
    await index?.close();
    await store.close();
  };
  try {
    // A read of a client's record from the terminal is recorded like one through the service,
    // before anything is shown (docs/domain/compliance.md#the-access-log).
    if (clientId !== undefined && command !== 'verify') await recordRead(store, command, clientId, values.user);
    switch (command) {
      case 'history': {
        const filter = {
          ...(services.length ? { services } : {}),
          ...(values.type?.length ? { types: values.type } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        };
        let count = 0;
        if (values.json) process.stdout.write('[');
        for await (const entry of clientHistory(clientIndex(), clientId!, filter, { onProgress: scanProgress, onFinished: scanFinished })) {
          write(values.json ? `${count === 0 ? '' : ','}${JSON.stringify(entry)}` : historyLine(entry));
          count += 1;
        }
        if (values.json) write(']');
        if (count === 0) process.stderr.write(`no event about client ${clientId} matches\n`);
        else if (!values.json) write(`${count} event(s)`);
        return count === 0 ? 1 : 0;
      }
      case 'as-of': {
        const answer = await clientAsOf(clientIndex(), clientId!, at!, { onProgress: scanProgress, onFinished: scanFinished });
        write(values.json ? JSON.stringify(answer, null, 2) : asOfText(answer));
        return answer.lastEventUsed ? 0 : 1;
      }
      case 'timeline': {
        const timelines = await clientTimeline(clientIndex(), clientId!, new Date(), {
          onProgress: scanProgress,
          onFinished: scanFinished,
        });
        write(values.json ? JSON.stringify(timelines, null, 2) : timelineText(clientId!, timelines));
        return timelines.length ? 0 : 1;
      }
      case 'disclosures': {
        const progress = { onProgress: scanProgress, onFinished: scanFinished };
        const accounting = await clientDisclosures(clientIndex(), clientId!, accountingAt, progress, disclosuresSince);
        write(values.json ? JSON.stringify(accounting, null, 2) : disclosuresText(accounting));
        return accounting.hipaa.disclosures.length ? 0 : 1;
      }
      case 'export':
        return await exportFhir(clientIndex(), clientId!, values.out);
      case 'verify': {
        const report = await verifyStore(store, { ...positionFactsOf(url), onProgress: verifyProgress });
        // The hash chains alone cannot see a rewrite whose hashes were recomputed; the signed
        // checkpoints can, given the public keys to trust (docs/architecture/signed-checkpoints.md).
        const trusted = (values.trust ?? []).map((file) => readFileSync(file, 'utf8'));
        if (trusted.length > 0 && !hasCheckpointLog(store)) fail(`${url} keeps no signed checkpoints: only the SQLite store does`);
        const checkpoints =
          trusted.length === 0
            ? undefined
            : await verifyCheckpoints(store as CheckpointedEventStore, trustedKeysFromPem(...trusted), {
                exported: values.exported === undefined ? undefined : readExport(values.exported),
                onProgress: progressLine,
              });
        if (values.json) write(JSON.stringify(checkpoints === undefined ? report : { ...report, checkpoints }, null, 2));
        else {
          write(integrityText(report));
          write(
            checkpoints === undefined
              ? 'signed checkpoints: not checked; give the trusted public keys with --trust <file> to check them'
              : `signed checkpoints: ${reportText(checkpoints).trimEnd()}`,
          );
        }
        return report.ok && (checkpoints?.ok ?? true) ? 0 : 1;
      }
    }
  } finally {
    await close();
  }
}

const COMMANDS = ['history', 'as-of', 'timeline', 'verify', 'disclosures', 'export'] as const;
const isCommand = (command: string | undefined): command is (typeof COMMANDS)[number] =>
  (COMMANDS as readonly string[]).includes(command ?? '');

/**
 * The Bundle is written entry by entry as the store's pages are read (the Patient first,
 * each event's Provenance or AuditEvent as it is read, the rest at the end), so memory holds
 * a page and the fold's facts, not the export.
 */
async function exportFhir(index: ClientIndex, clientId: string, out: string | undefined): Promise<number> {
  const now = new Date();
  const sink = out === undefined ? process.stdout : createWriteStream(out);
  const put = async (text: string) => {
    if (!sink.write(text)) await once(sink, 'drain');
  };
  let resources = 0;
  let aboutTheClient = 0;
  await put(`${JSON.stringify(bundleHeader(clientId, now)).slice(0, -1)},"entry":[`);
  for await (const resource of clientFhirResources(index, clientId, now, {
    onProgress: (progress) => scanProgress(progress, resources),
    onFinished: scanFinished,
  })) {
    await put(`${resources === 0 ? '' : ','}\n${JSON.stringify({ resource })}`);
    resources += 1;
    if (resource.resourceType === 'Provenance' || resource.resourceType === 'AuditEvent') aboutTheClient += 1;
  }
  await put('\n]}\n');
  if (sink !== process.stdout) {
    (sink as ReturnType<typeof createWriteStream>).end();
    await once(sink, 'finish');
  }
  process.stderr.write(`exported ${resources} FHIR resources${out === undefined ? '' : ` to ${out}`}\n`);
  if (aboutTheClient === 0) process.stderr.write(`no event about client ${clientId} is recorded\n`);
  return aboutTheClient === 0 ? 1 : 0;
}

await cli.run(main);

/** Who reads from the terminal: --user, else AUDIT_USER, else the operating-system account. */
function readerOf(user: string | undefined): string {
  const named = user?.trim() || process.env.AUDIT_USER?.trim();
  if (named) {
    if (!/^[A-Za-z0-9._:@-]{1,128}$/.test(named)) usageError(`--user ${named} is not a user id (letters, digits, . _ : @ -)`);
    return named;
  }
  return `os:${userInfo().username}`;
}

async function recordRead(store: EventStore, command: string, clientId: string, user: string | undefined): Promise<void> {
  const now = new Date();
  const correlationId = randomUUID();
  const record: AccessRecord = {
    clientId,
    userId: readerOf(user),
    role: 'auditor',
    siteId: NO_SITE_KNOWN,
    service: 'audit-cli',
    what: { method: 'CLI', route: `npm run audit -- ${command}`, resourceKind: `audit-${command}`, resourceIds: { clientId } },
    accessedAt: now.toISOString(),
    purposeOfUse: 'HCOMPL',
    correlationId,
    causationId: correlationId,
  };
  try {
    await store.appendToStream(accessLogStream('audit-cli', now, CLI_PROCESS_ID), [accessEvent(record)], { expectedRevision: 'any' });
  } catch (error) {
    fail(`the read could not be recorded in the access log, so nothing is shown: ${(error as Error).message}`);
  }
}
