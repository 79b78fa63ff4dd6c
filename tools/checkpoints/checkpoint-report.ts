// What both CLIs that verify signed checkpoints print and read: `npm run checkpoints -- verify`
// and `npm run audit -- verify --trust …` (docs/architecture/signed-checkpoints.md).
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type CheckpointProgress, type CheckpointRecord, type CheckpointReport, parseCheckpointLine } from '@continuum/event-store';
import { fail } from '../cli/command-line.js';

/** The exported checkpoints, one line at a time. */
export async function* readExport(file: string): AsyncGenerator<CheckpointRecord> {
  if (!existsSync(file)) fail(`there is no export at ${file}`);
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield parseCheckpointLine(text);
    } catch (error) {
      fail(`${file}:${line}: ${(error as Error).message}`);
    }
  }
}

export function progressLine(progress: CheckpointProgress): void {
  const share = progress.headPosition > 0 ? Math.floor((progress.position * 100) / progress.headPosition) : 100;
  process.stderr.write(
    `checked ${progress.eventsChecked} events and ${progress.checkpointsChecked} checkpoints, position ${progress.position} of ${progress.headPosition} (${share}%), ${progress.eventsPerSecond} events/s\n`,
  );
}

export function reportText(report: CheckpointReport): string {
  const lines: string[] = [];
  const last = report.lastCheckpoint;
  if (report.ok) {
    lines.push(
      last
        ? `OK: ${report.checkpointsChecked} signed checkpoints verify, the last (${last.sequence}, ${last.timestamp}, key ${last.keyId}) up to position ${last.position}`
        : 'OK: no checkpoint signed yet, so nothing is anchored',
    );
  } else {
    lines.push(`FOUND ${report.findingsTotal} problem${report.findingsTotal === 1 ? '' : 's'} with the signed checkpoints:`);
    for (const finding of report.findings) {
      const where = finding.streamId === undefined ? '' : ` ${finding.streamId} revision ${finding.revision}`;
      lines.push(`  ${finding.kind} at checkpoint ${finding.sequence}, position ${finding.position}${where}: ${finding.detail}`);
    }
    if (report.findingsTotal > report.findings.length) lines.push(`  … and ${report.findingsTotal - report.findings.length} more`);
  }
  const tail = report.notYetAnchored;
  if (tail)
    lines.push(`not yet anchored: ${tail.events} events at positions ${tail.fromPosition}–${tail.toPosition}, after the last checkpoint`);
  lines.push(`${report.eventsChecked} events in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.eventsPerSecond} events/s)`);
  return `${lines.join('\n')}\n`;
}
