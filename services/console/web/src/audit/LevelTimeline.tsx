// The auditor's level-of-care timeline of one client (the audit service's, folded from the care
// episodes' events): each episode's segments, what began each, and where the payer's
// authorisation disagreed with the clinical level.
import { Card, Loader, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type ProblemError } from '../api';
import { ProblemAlert } from '../components/forms';
import { type Level, levelName } from '../intake/record';

type Boundary = { kind: string; direction?: string; reason?: { code: string }; disposition?: string };
type Segment = { level: Level; siteId: string; from: string; to?: string; began: Boundary; authorizationVariance: unknown[] };
type Timeline = { episodes: { episodeId: string; status: string; segments: Segment[] }[] };

const boundaryText = (boundary: Boundary) =>
  [boundary.kind, boundary.direction, boundary.reason?.code, boundary.disposition].filter(Boolean).join(' · ');

export function LevelTimeline({ clientId }: { clientId: string }) {
  const timeline = useQuery({
    queryKey: ['audit-timeline', clientId],
    queryFn: () => get<Timeline>('audit', `clients/${clientId}/timeline`),
    retry: false,
  });
  const rows = (timeline.data?.episodes ?? []).flatMap((episode) => episode.segments.map((segment) => ({ episode, segment })));
  return (
    <Card withBorder mb="md" component="section" aria-label="Level-of-care timeline">
      <Title order={3} size="h4" mb="sm">
        Level-of-care timeline
      </Title>
      {timeline.isPending && <Loader size="sm" aria-label="Loading the timeline" />}
      {timeline.error && <ProblemAlert error={timeline.error as ProblemError} />}
      {timeline.data && rows.length === 0 && <Text>No care episode.</Text>}
      {rows.length > 0 && (
        <Table striped data-testid="audit-timeline">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Episode</Table.Th>
              <Table.Th scope="col">Level of care</Table.Th>
              <Table.Th scope="col">Site</Table.Th>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">To</Table.Th>
              <Table.Th scope="col">Began with</Table.Th>
              <Table.Th scope="col">Payer variance</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ episode, segment }, index) => (
              <Table.Tr key={`${episode.episodeId}-${index}`}>
                <Table.Td>
                  <code>{episode.episodeId.slice(0, 8)}</code> ({episode.status})
                </Table.Td>
                <Table.Td>{levelName(segment.level)}</Table.Td>
                <Table.Td>{segment.siteId}</Table.Td>
                <Table.Td>{segment.from}</Table.Td>
                <Table.Td>{segment.to ?? 'now'}</Table.Td>
                <Table.Td>{boundaryText(segment.began)}</Table.Td>
                <Table.Td>{segment.authorizationVariance.length ? 'yes' : 'none'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
