// Two more of the auditor's views of one client, both the audit service's reads (access-logged by
// it as any): who read the client's record (the client's own access-log entries, every service's)
// and the accounting of disclosures under 42 CFR Part 2 and HIPAA, each with its legal basis.
import { Card, Loader, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type ProblemError } from '../api';
import { ProblemAlert } from '../components/forms';

type AccessEvent = {
  position: number;
  recordedAt: string;
  type: string;
  siteId: string;
  actor: { userId: string; role: string };
  correlationId?: string;
};
type Disclosure = {
  disclosureId: string;
  date: string;
  recipient: { recipientId: string; kind?: string };
  purpose: string;
  categories: string[];
  basis: { kind: string; citation: string | null };
  disclosedBy: { userId: string; role: string };
};
type AccountingPart = { citation: string; period: { from: string; to: string }; disclosures: Disclosure[] };
type Accounting = { part2: AccountingPart; hipaa: AccountingPart };

/** The newest reads shown; the audit service answers them all. */
const READS_SHOWN = 200;

export function ClientAccessLog({ clientId }: { clientId: string }) {
  const reads = useQuery({
    queryKey: ['audit-access', clientId],
    queryFn: () => get<{ events: AccessEvent[] }>('audit', `clients/${clientId}/history?service=access`),
    retry: false,
  });
  const events = [...(reads.data?.events ?? [])].reverse().slice(0, READS_SHOWN);
  return (
    <Card withBorder mb="md" component="section" aria-label="Access log">
      <Title order={3} size="h4" mb="sm">
        Access log of the client
      </Title>
      {reads.isPending && <Loader size="sm" aria-label="Loading the access log" />}
      {reads.error && <ProblemAlert error={reads.error as ProblemError} />}
      {reads.data && events.length === 0 && <Text>No read of this client is recorded.</Text>}
      {events.length > 0 && (
        <Table striped data-testid="client-access-log">
          <Table.Caption>
            Every service's reads of the client's record, and grants to read it, newest first (the newest {READS_SHOWN})
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When (UTC)</Table.Th>
              <Table.Th scope="col">Who</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Site</Table.Th>
              <Table.Th scope="col">Correlation</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((event) => (
              <Table.Tr key={event.position}>
                <Table.Td>{event.recordedAt}</Table.Td>
                <Table.Td>
                  {event.actor.userId} · {event.actor.role}
                </Table.Td>
                <Table.Td>{event.type}</Table.Td>
                <Table.Td>{event.siteId}</Table.Td>
                <Table.Td>{event.correlationId?.slice(0, 8) ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

export function ClientDisclosures({ clientId }: { clientId: string }) {
  const accounting = useQuery({
    queryKey: ['audit-disclosures', clientId],
    queryFn: () => get<Accounting>('audit', `clients/${clientId}/disclosures`),
    retry: false,
  });
  return (
    <Card withBorder mb="md" component="section" aria-label="Disclosures">
      <Title order={3} size="h4" mb="sm">
        Accounting of disclosures
      </Title>
      {accounting.isPending && <Loader size="sm" aria-label="Loading the disclosures" />}
      {accounting.error && <ProblemAlert error={accounting.error as ProblemError} />}
      {accounting.data &&
        (
          [
            ['Part 2', accounting.data.part2],
            ['HIPAA', accounting.data.hipaa],
          ] as const
        ).map(([name, part]) => (
          <div key={name} data-testid={`disclosures-${name === 'HIPAA' ? 'hipaa' : 'part2'}`}>
            <Text fw={600} mt="xs">
              {name} ({part.citation}): {part.disclosures.length} disclosures from {part.period.from.slice(0, 10)} to{' '}
              {part.period.to.slice(0, 10)}
            </Text>
            {part.disclosures.length > 0 && (
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Date (UTC)</Table.Th>
                    <Table.Th scope="col">Recipient</Table.Th>
                    <Table.Th scope="col">Purpose</Table.Th>
                    <Table.Th scope="col">What</Table.Th>
                    <Table.Th scope="col">Legal basis</Table.Th>
                    <Table.Th scope="col">By</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {part.disclosures.map((disclosure) => (
                    <Table.Tr key={disclosure.disclosureId}>
                      <Table.Td>{disclosure.date}</Table.Td>
                      <Table.Td>
                        {disclosure.recipient.recipientId}
                        {disclosure.recipient.kind ? ` (${disclosure.recipient.kind})` : ''}
                      </Table.Td>
                      <Table.Td>{disclosure.purpose}</Table.Td>
                      <Table.Td>{disclosure.categories.join(', ')}</Table.Td>
                      <Table.Td>
                        {disclosure.basis.kind}
                        {disclosure.basis.citation ? ` (${disclosure.basis.citation})` : ''}
                      </Table.Td>
                      <Table.Td>
                        {disclosure.disclosedBy.userId} · {disclosure.disclosedBy.role}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        ))}
    </Card>
  );
}
