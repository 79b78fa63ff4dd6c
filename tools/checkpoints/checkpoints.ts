// npm run checkpoints -- <command>: signed checkpoints of the event store
// (docs/architecture/signed-checkpoints.md).
//
//   npm run checkpoints -- keygen --out <private key file>     (prints the public key on stdout)
//   npm run checkpoints -- sign [--watch] [--every-events N] [--every-minutes M]
//   npm run checkpoints -- export [--out <file.jsonl>]
//   npm run checkpoints -- verify --trust <public key file>… [--exported <file.jsonl>] [--json]
//
// `sign` reads the Ed25519 private key (PEM, PKCS#8) from --key or CHECKPOINT_SIGNING_KEY_FILE
// and refuses a key file others may read. Exit status: 0 done (verify: no finding), 1 something
// found or refused, 2 bad usage.
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type CheckpointRecord,
  type CheckpointedEventStore,
  type TrustedKeys,
  Checkpointer,
  CheckpointRefused,
  checkpointLine,
  hasCheckpointLog,
  keyIdOf,
  openEventStore,
  parseEventStoreUrl,
  publicKeyPem,
  readSigningKeyFile,
  runCheckpoints,
  trustedKeysFromPem,
  verifyCheckpoints,
} from '@continuum/event-store';
import { DEFAULT_EVENT_STORE_URL } from '@continuum/audit/client-index/client-index-file.js';
import { EVENT_STORES } from '../adapters.js';
import { progressLine, readExport, reportText } from './checkpoint-report.js';
import { commandLine, fail, usageError, wholeNumber } from '../cli/command-line.js';

const KEY_ENV = 'CHECKPOINT_SIGNING_KEY_FILE';

const cli = commandLine({
  name: 'checkpoints',
  usage: `usage: npm run checkpoints -- <command> [options]

Signed checkpoints of the event store: every stream's head under a Merkle tree whose root is
signed with Ed25519, so that a rewrite of the store, even with its hashes recomputed, is found.

commands:
  keygen --out <file>     a new signing key (PKCS#8 PEM, mode 600); its public key on stdout
  sign                    sign a checkpoint of what the store holds now (nothing when nothing is new)
  sign --watch            keep signing: every --every-events events or --every-minutes minutes
  export                  every checkpoint as JSON lines, to keep outside the store
  verify                  check every signature, and every signed tree against the events now
options:
  --store <url>           the event store (default EVENT_STORE_URL, else ${DEFAULT_EVENT_STORE_URL})
  --key <file>            sign: the private key (default: the file named by ${KEY_ENV})
  --every-events <n>      sign --watch: at most this many events unsigned (default 1000)
  --every-minutes <n>     sign --watch: at most this long with events unsigned (default 5)
  --out <file>            keygen: the key file; export: the file (default stdout)
  --trust <file>          verify: a trusted public key (PEM); repeat for every key still in use or retired;
                          sign: after a rotation, the previous key, whose last checkpoint the signer goes on from
  --exported <file>       verify: checkpoints exported earlier; the store must still hold them
  --json                  verify: the report as JSON
  -h, --help              this text

exit status: 0 done (verify: no finding); 1 something found, or a signature refused; 2 bad usage`,
  options: {
    store: { type: 'string' },
    key: { type: 'string' },
    watch: { type: 'boolean' },
    'every-events': { type: 'string' },
    'every-minutes': { type: 'string' },
    out: { type: 'string' },
    trust: { type: 'string', multiple: true },
    exported: { type: 'string' },
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
});

const COMMANDS = ['keygen', 'sign', 'export', 'verify'] as const;
type Command = (typeof COMMANDS)[number];

await cli.run(async () => {
  const { positionals, values } = cli.parse();
  const [command] = positionals;
  if (!COMMANDS.includes(command as Command))
    usageError(
      command === undefined ? `say what to do: ${COMMANDS.join(', ')}` : `there is no command "${command}": use ${COMMANDS.join(', ')}`,
    );

  if (command === 'keygen') {
    if (!values.out) usageError('name the new key file with --out, e.g. --out /etc/continuum/checkpoint-key.pem');
    if (existsSync(values.out)) fail(`${values.out} exists: a signing key is never overwritten`);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(values.out, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    process.stdout.write(publicKeyPem({ keyId: keyIdOf(privateKey), privateKey }));
    process.stderr.write(`key ${keyIdOf(privateKey)} written to ${values.out} (mode 600); give verifiers the public key above\n`);
    return 0;
  }

  const url = values.store ?? process.env.EVENT_STORE_URL ?? DEFAULT_EVENT_STORE_URL;
  let location: ReturnType<typeof parseEventStoreUrl>;
  try {
    location = parseEventStoreUrl(url);
  } catch (error) {
    usageError((error as Error).message);
  }
  if (command === 'verify' && (values.trust ?? []).length === 0)
    usageError('name the trusted public keys with --trust <file> (one per key)');
  const trusted = trustedKeysFromPem(...(values.trust ?? []).map((file) => readFileSync(file, 'utf8')));
  const keyFile = values.key ?? process.env[KEY_ENV];
  if (command === 'sign' && !keyFile) usageError(`name the signing key with --key <file> or ${KEY_ENV}`);
  if (location.adapter === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path))
    fail(`there is no event store at ${location.path}`);

  const opened = await openEventStore(url, EVENT_STORES, { isShortLived: !values.watch });
  try {
    if (!hasCheckpointLog(opened)) fail(`${url} keeps no signed checkpoints: only the SQLite store does`);
    const store: CheckpointedEventStore = opened;
    switch (command as Exclude<Command, 'keygen'>) {
      case 'sign':
        return await sign(store, keyFile as string, trusted, values);
      case 'export':
        return await exportCheckpoints(store, values.out);
      case 'verify': {
        const exported = values.exported === undefined ? undefined : readExport(values.exported);
        const report = await verifyCheckpoints(store, trusted, { exported, onProgress: progressLine });
        process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
        return report.ok ? 0 : 1;
      }
    }
  } finally {
    await opened.close();
  }
});

async function sign(
  store: CheckpointedEventStore,
  keyFile: string,
  trustedKeys: TrustedKeys,
  values: { watch?: boolean; 'every-events'?: string; 'every-minutes'?: string },
): Promise<number> {
  let key;
  try {
    key = readSigningKeyFile(keyFile);
  } catch (error) {
    fail((error as Error).message);
  }
  const checkpointer = new Checkpointer(store, store.checkpointLog(), key, { trustedKeys });
  const said = (record: CheckpointRecord) =>
    process.stdout.write(
      `signed checkpoint ${record.sequence}: ${record.treeSize} streams up to position ${record.position}, root ${record.rootHash}, key ${record.keyId}\n`,
    );
  try {
    if (!values.watch) {
      const record = await checkpointer.checkpoint();
      if (record) said(record);
      else process.stdout.write(`nothing new since checkpoint up to position ${checkpointer.signedPosition}\n`);
      return 0;
    }
    const everyEvents = wholeNumber(values['every-events'], '--every-events', { fallback: 1000 });
    const everyMinutes = wholeNumber(values['every-minutes'], '--every-minutes', { fallback: 5 });
    const stop = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
    process.stderr.write(`signing with key ${key.keyId} every ${everyEvents} events or ${everyMinutes} min; Ctrl-C to stop\n`);
    await runCheckpoints(checkpointer, store, { everyEvents, everyMs: everyMinutes * 60_000, signal: stop.signal, onCheckpoint: said });
    return 0;
  } catch (error) {
    if (error instanceof CheckpointRefused) fail(`refused to sign: ${error.message}`);
    throw error;
  }
}

async function exportCheckpoints(store: CheckpointedEventStore, out: string | undefined): Promise<number> {
  const output = out === undefined ? process.stdout : createWriteStream(out, { flags: 'wx' });
  let count = 0;
  for await (const record of store.checkpointLog().records()) {
    if (!output.write(checkpointLine(record))) await once(output, 'drain');
    count += 1;
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, 'finish');
  }
  process.stderr.write(`exported ${count} checkpoints${out === undefined ? '' : ` to ${out}`}\n`);
  return 0;
}
