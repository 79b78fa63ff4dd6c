// The auditor's view of one client (issue 21, first part): the client's state as of a chosen
// instant and the history of every event about the client, both read from the audit service,
// which logs each read as it does for any caller. The page's address carries the client id only.
import { useState } from 'react';
import { Button, Card, Group, Loader, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { get, type ProblemError } from '../api';
import { ProblemAlert } from '../components/forms';
import { type Level, levelName } from '../intake/record';
import { ClientAccessLog, ClientDisclosures } from '../audit/ClientAccessAndDisclosures';
import { LevelTimeline } from '../audit/LevelTimeline';

type HistoryEvent = {
  position: number;
  recordedAt: string;
  service: string;
  type: string;
  siteId: string;
  actor: { userId: string; role: string };
  reason?: { code: string };
  correlationId?: string;
};
type AsOf = { at: string; eventsUsed: number; siteId: string | null; levelOfCare: Level | null; episode: { status?: string } | null };

/** The newest events shown; the audit service answers the whole history. */
const ROWS_SHOWN = 500;

export default function AuditClient() {
  const { clientId = '' } = useParams();
  const history = useQuery({
    queryKey: ['audit-history', clientId],
    queryFn: () => get<{ events: HistoryEvent[] }>('audit', `clients/${clientId}/history`),
    retry: false,
  });
  // A date and time in UTC, to the millisecond, as the audit records instants.
  const [at, setAt] = useState('');
  const [asked, setAsked] = useState<string>();
  const asOf = useQuery({
    queryKey: ['audit-as-of', clientId, asked],
    queryFn: () => get<AsOf>('audit', `clients/${clientId}/as-of?at=${encodeURIComponent(asked!)}`),
    enabled: asked !== undefined,
    retry: false,
  });
  const events = history.data?.events ?? [];
  // The FHIR export (ids, codes and dates only) as a file: read through the audit service, handed
  // to the browser as a download from memory, nothing kept.
  const fhir = useMutation({
    mutationFn: () => get<unknown>('audit', `clients/${clientId}/fhir`),
    onSuccess: (bundle) => {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' }));
      link.download = `fhir-${clientId}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    },
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Audit of client {clientId.slice(0, 8)}</Title>
        <Button variant="default" onClick={() => fhir.mutate()} loading={fhir.isPending}>
          Download the FHIR export
        </Button>
      </Group>
      {fhir.error && <ProblemAlert error={fhir.error as ProblemError} />}
      <Card withBorder mb="md" component="section" aria-label="As of">
        <Title order={3} size="h4" mb="sm">
          The record as of a moment
        </Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (at) setAsked(`${at.length === 16 ? `${at}:00` : at}Z`);
          }}
        >
          <Group align="end">
            <TextInput
              type="datetime-local"
              step="0.001"
              label="As of (UTC)"
              value={at}
              onChange={(event) => setAt(event.currentTarget.value)}
              required
            />
            <Button type="submit">Show</Button>
          </Group>
        </form>
        {asOf.isFetching && <Loader size="sm" aria-label="Loading the record as of then" mt="sm" />}
        {asOf.error && <ProblemAlert error={asOf.error as ProblemError} />}
        {asOf.data && (
          <Text mt="sm" data-testid="as-of-result">
            As of {asOf.data.at}: {asOf.data.levelOfCare ? levelName(asOf.data.levelOfCare) : 'no level of care'}
            {asOf.data.siteId ? ` at ${asOf.data.siteId}` : ''}
            {asOf.data.episode?.status ? `, episode ${asOf.data.episode.status}` : ''} ({asOf.data.eventsUsed} events)
          </Text>
        )}
      </Card>
      <LevelTimeline clientId={clientId} />
      <ClientDisclosures clientId={clientId} />
      <ClientAccessLog clientId={clientId} />
      <Card withBorder component="section" aria-label="History">
        <Title order={3} size="h4" mb="sm">
          History
        </Title>
        {history.isPending && <Loader size="sm" aria-label="Loading the history" />}
        {history.error && <ProblemAlert error={history.error as ProblemError} />}
        {history.data && (
          <Table striped data-testid="audit-history">
            <Table.Caption>
              Every event about the client, newest first{events.length > ROWS_SHOWN ? ` (the newest ${ROWS_SHOWN})` : ''}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Recorded (UTC)</Table.Th>
                <Table.Th>Service</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Site</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Correlation</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...events]
                .reverse()
                .slice(0, ROWS_SHOWN)
                .map((event) => (
                  <Table.Tr key={event.position}>
                    <Table.Td>{event.recordedAt}</Table.Td>
                    <Table.Td>{event.service}</Table.Td>
                    <Table.Td>{event.type}</Table.Td>
                    <Table.Td>
                      {event.actor.userId} · {event.actor.role}
                    </Table.Td>
                    <Table.Td>{event.siteId}</Table.Td>
                    <Table.Td>{event.reason?.code ?? ''}</Table.Td>
                    <Table.Td>{event.correlationId?.slice(0, 8) ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
