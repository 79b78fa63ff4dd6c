import { type KeyObject, createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { canonicalJson } from '../hash-chain.js';
import { type LeafHead } from './stream-heads.js';

// A signed tree head, in the spirit of RFC 6962 §3.5: the size and root of the tree over
// every stream's head, the global position it covers, when it was signed, and by which key
// (Ed25519, RFC 8032, through node:crypto). The signature covers every field but itself.

export const TREE_HEAD_VERSION = 1;

export type TreeHead = {
  version: typeof TREE_HEAD_VERSION;
  /** 1, 2, 3…: a gap is a checkpoint removed. */
  sequence: number;
  /** Streams in the tree. */
  treeSize: number;
  /** RFC 6962 Merkle tree hash of the stream heads, hex. */
  rootHash: string;
  /** The last global position the tree covers (every event at or before it). */
  position: number;
  /** When it was signed (ISO 8601). */
  timestamp: string;
  /** Which key signed: see keyIdOf. */
  keyId: string;
};

export type SignedTreeHead = TreeHead & { /** Ed25519 over signedBytes(head), base64. */ signature: string };

/**
 * What the store keeps for each checkpoint: the signed head, and the heads of the streams that
 * changed since the checkpoint before. The list is not signed itself, but only the right list
 * rebuilds the signed root; with it a verifier names the stream that no longer fits.
 */
export type CheckpointRecord = SignedTreeHead & { changedHeads: LeafHead[] };

const DOMAIN = 'continuum signed tree head\n';

export function signedBytes(head: TreeHead): Buffer {
  const { version, sequence, treeSize, rootHash, position, timestamp, keyId } = head;
  return Buffer.from(DOMAIN + canonicalJson({ version, sequence, treeSize, rootHash, position, timestamp, keyId }));
}

/** A key's id: `ed25519:` and the first 16 bytes of the SHA-256 of its public key (SPKI DER), hex. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return `ed25519:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32)}`;
}

export type SigningKey = { keyId: string; privateKey: KeyObject };

/** An Ed25519 private key in PEM (PKCS#8). */
export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the signing key is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}; checkpoints are signed with Ed25519`);
  return { keyId: keyIdOf(privateKey), privateKey };
}

/**
 * Reads the signing key from its file, refusing one that anyone but its owner may read or
 * write (as ssh does): the key is the only thing an intruder with the store cannot reproduce.
 */
export function readSigningKeyFile(file: string): SigningKey {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new Error(`${file} is readable by others (mode ${mode.toString(8)}): allow only the signing process's user (chmod 600)`);
  return signingKeyFromPem(readFileSync(file, 'utf8'));
}

/** Public keys a verifier trusts, by key id. A retired key stays here for the checkpoints it signed. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/** Trusted keys from Ed25519 public keys in PEM (SPKI); several may sit in one text. */
export function trustedKeysFromPem(...pems: string[]): TrustedKeys {
  const keys = new Map<string, KeyObject>();
  for (const pem of pems) {
    for (const block of pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
      const key = createPublicKey(block);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a trusted key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
      keys.set(keyIdOf(key), key);
    }
  }
  return keys;
}

/** The public half in PEM (SPKI): what verifiers are given. */
export function publicKeyPem(key: SigningKey): string {
  return createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

export function signTreeHead(head: Omit<TreeHead, 'keyId' | 'version'>, key: SigningKey): SignedTreeHead {
  const unsigned: TreeHead = { version: TREE_HEAD_VERSION, ...head, keyId: key.keyId };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString('base64') };
}

export type SignatureCheck = 'valid' | 'unknown-key' | 'bad-signature';

export function checkSignature(head: SignedTreeHead, trusted: TrustedKeys): SignatureCheck {
  const key = trusted.get(head.keyId);
  if (!key) return 'unknown-key';
  if (head.version !== TREE_HEAD_VERSION || typeof head.signature !== 'string') return 'bad-signature';
  try {
    return verify(null, signedBytes(head), key, Buffer.from(head.signature, 'base64')) ? 'valid' : 'bad-signature';
  } catch {
    return 'bad-signature';
  }
}

/** One JSON line per checkpoint: the export format, kept outside the store. */
export function checkpointLine(record: CheckpointRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function parseCheckpointLine(line: string): CheckpointRecord {
  const record = JSON.parse(line) as CheckpointRecord;
  if (typeof record !== 'object' || record === null || !Number.isInteger(record.sequence) || !Array.isArray(record.changedHeads))
    throw new Error('not a checkpoint line: it needs a sequence, the signed tree head and changedHeads');
  return record;
}
