export { EMPTY_TREE_HASH, IncrementalMerkleTree, leafHash, merkleTreeHash, nodeHash } from './merkle.js';
export { type LeafHead, type StreamHead, StreamHeadTree, leafData } from './stream-heads.js';
export {
  type CheckpointRecord,
  type SignatureCheck,
  type SignedTreeHead,
  type SigningKey,
  type TreeHead,
  type TrustedKeys,
  TREE_HEAD_VERSION,
  checkSignature,
  checkpointLine,
  keyIdOf,
  parseCheckpointLine,
  publicKeyPem,
  readSigningKeyFile,
  signTreeHead,
  signedBytes,
  signingKeyFromPem,
  trustedKeysFromPem,
} from './signed-tree-head.js';
export { type CheckpointLog, type CheckpointedEventStore, InMemoryCheckpointLog, hasCheckpointLog } from './checkpoint-log.js';
export { type CheckpointSchedule, type CheckpointerOptions, CheckpointRefused, Checkpointer, runCheckpoints } from './checkpointer.js';
export {
  type CheckpointFinding,
  type CheckpointFindingKind,
  type CheckpointProgress,
  type CheckpointReport,
  type VerifyCheckpointsOptions,
  NoCheckpointLog,
  verifyCheckpoints,
} from './verify-checkpoints.js';
