// The level-of-care timeline: one segment per level held, its width the days it lasted, each
// labelled with the level and why it began (a step up or down and its reason). The same facts
// follow as a table for screen readers and for copying.
import { Box, Group, Table, Text, Tooltip } from '@mantine/core';
import { type Level, levelName } from '../intake/record';

export type Boundary = {
  kind: string;
  direction?: string;
  reason?: { code: string };
  disposition?: string;
  evidence?: { kind: string; id: string }[];
};
export type Segment = { level: Level; siteId: string; from: string; to?: string; began?: Boundary; ended?: Boundary };

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1);
const COLOURS: Record<string, string> = { 'step-up': 'red.9', 'step-down': 'teal.9', lateral: 'gray.8' };

const KINDS: Record<string, string> = { opened: 'admitted', 'site-transferred': 'site transfer', discharged: 'discharged' };

/** How a segment began, in words: `admitted`, `step up (relapse)`, `site transfer (client-relocated)`. */
export function beganWith(boundary?: Boundary): string {
  if (!boundary) return '';
  const what =
    boundary.kind === 'level-changed' ? (boundary.direction ?? 'level change').replace('-', ' ') : (KINDS[boundary.kind] ?? boundary.kind);
  return boundary.reason ? `${what} (${boundary.reason.code})` : what;
}

export function Timeline({ segments, asOf }: { segments: Segment[]; asOf: string }) {
  const total = segments.length ? days(segments[0]!.from, segments.at(-1)!.to ?? asOf) : 0;
  return (
    <>
      <Group gap={2} wrap="nowrap" aria-hidden="true" data-testid="timeline-bar">
        {segments.map((segment, index) => (
          <Tooltip key={index} label={`${levelName(segment.level)} from ${segment.from}: ${beganWith(segment.began)}`}>
            <Box
              bg={COLOURS[segment.began?.direction ?? ''] ?? 'indigo.8'}
              c="white"
              px={6}
              py={8}
              style={{ flexGrow: days(segment.from, segment.to ?? asOf), flexBasis: 0, minWidth: 64, borderRadius: 4 }}
            >
              <Text size="xs" fw={700} c="white">
                {segment.level.code}
              </Text>
              <Text size="xs" c="white" truncate>
                {beganWith(segment.began)}
              </Text>
            </Box>
          </Tooltip>
        ))}
      </Group>
      <Table mt="sm" aria-label="Level-of-care timeline" data-testid="timeline">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Level</Table.Th>
            <Table.Th scope="col">Site</Table.Th>
            <Table.Th scope="col">From</Table.Th>
            <Table.Th scope="col">To</Table.Th>
            <Table.Th scope="col">Began with</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {segments.map((segment, index) => (
            <Table.Tr key={index}>
              <Table.Td>{levelName(segment.level)}</Table.Td>
              <Table.Td>{segment.siteId}</Table.Td>
              <Table.Td>{segment.from}</Table.Td>
              <Table.Td>{segment.to ?? 'now'}</Table.Td>
              <Table.Td>{beganWith(segment.began)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>
        {total} days in care.
      </Text>
    </>
  );
}
