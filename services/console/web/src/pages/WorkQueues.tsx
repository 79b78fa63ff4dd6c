// The work queues: one tab per queue the user's roles admit at the chosen site, its count the
// service's `total`, each row linking to the client's chart (ids only in the address). A queue
// the service refuses (403) is hidden, not shown as an error. The site's clinical supervisor
// reviews break-the-glass grants here: justified or not, recorded by the service that granted.
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get, holdsAt, ProblemError, type ServiceName, type SessionUser } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { BREAK_THE_GLASS_QUEUE, QUEUES, type Queue, type QueuePage, type QueueRow } from '../queues/queues';
import { queueKey, useQueueEvents } from '../queues/queue-events';

type Listed = QueuePage & { refused: boolean };
type SourcedRow = QueueRow & { source: ServiceName };

/** One queue's first page, its sources' answers together; refused only when every source refused (403). */
async function readQueue(queue: Queue, siteId: string): Promise<Listed> {
  const answers = await Promise.all(
    queue.sources.map(async ({ service, path }) => {
      try {
        const page = await get<{ total: number; items?: QueueRow[]; grants?: QueueRow[] }>(service, path(siteId));
        return { total: page.total, items: (page.items ?? page.grants ?? []).map((row) => ({ ...row, source: service })) };
      } catch (error) {
        if (error instanceof ProblemError && error.problem.status === 403) return undefined;
        throw error;
      }
    }),
  );
  const answered = answers.filter((answer) => answer !== undefined);
  return {
    refused: answered.length === 0,
    total: answered.reduce((sum, answer) => sum + answer.total, 0),
    items: answered.flatMap((answer) => answer.items),
  };
}

export default function WorkQueues({ user }: { user: SessionUser }) {
  const [site, setSite] = useState(user.sites[0] ?? '');
  const admitted = QUEUES.filter((queue) => queue.roles.some((role) => holdsAt(user, role, site)));
  const results = useQueries({
    queries: admitted.map((queue) => ({ queryKey: queueKey(site, queue.id), queryFn: () => readQueue(queue, site) })),
  });
  const live = useQueueEvents(site);
  const shown = admitted.map((queue, index) => ({ queue, result: results[index]! })).filter(({ result }) => !result.data?.refused);
  const [tab, setTab] = useState<string | null>(null);
  const active = shown.find(({ queue }) => queue.id === tab) ?? shown[0];

  if (!site) return <Text>Work queues are kept per site, and you hold no role at a site.</Text>;
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Work queues</Title>
        <Text size="sm" data-testid="queues-live">
          {live ? 'Updates as they happen' : 'Not hearing of changes now: reload to see them'}
        </Text>
      </Group>
      {user.sites.length > 1 && (
        <NativeSelect
          label="Site"
          value={site}
          onChange={(event) => setSite(event.currentTarget.value)}
          data={user.sites}
          maw={240}
          mb="md"
        />
      )}
      {shown.length === 0 && <Text>No work queue is open to your role at {site}.</Text>}
      {active && (
        <Tabs value={active.queue.id} onChange={setTab} keepMounted={false}>
          <Tabs.List aria-label={`Work queues at ${site}`}>
            {shown.map(({ queue, result }) => (
              <Tabs.Tab
                key={queue.id}
                value={queue.id}
                data-testid={`tab-${queue.id}`}
                rightSection={
                  result.data ? (
                    <Badge variant="light" data-testid={`count-${queue.id}`}>
                      {result.data.total}
                    </Badge>
                  ) : undefined
                }
              >
                {queue.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {shown.map(({ queue, result }) => (
            <Tabs.Panel key={queue.id} value={queue.id} pt="md">
              <QueueTable queue={queue} site={site} result={result} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </>
  );
}

function QueueTable({ queue, site, result }: { queue: Queue; site: string; result: UseQueryResult<Listed> }) {
  if (result.isPending) return <Loader aria-label={`Loading ${queue.label}`} />;
  if (result.error instanceof ProblemError)
    return (
      <Alert color="red" title={result.error.problem.title} role="alert">
        {result.error.problem.detail}
      </Alert>
    );
  const page = result.data!;
  if (page.items.length === 0) return <Text>Nothing waiting.</Text>;
  const review = queue.id === BREAK_THE_GLASS_QUEUE;
  return (
    <>
      {page.items.length < page.total && (
        <Text size="sm" mb="xs">
          The first {page.items.length} of {page.total}.
        </Text>
      )}
      <Table striped aria-label={`${queue.label} at ${site}`} data-testid={`queue-${queue.id}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Client</Table.Th>
            <Table.Th scope="col">What</Table.Th>
            {review && <Table.Th scope="col">Reason given</Table.Th>}
            <Table.Th scope="col">{review ? 'Review' : 'Open'}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(page.items as SourcedRow[]).map((row) => (
            <Table.Tr
              key={`${row.source}-${String(row.grantId ?? row.followUpId ?? row.referralId ?? row.planId ?? '')}-${row.clientId}-${queue.detail(row)}`}
            >
              <Table.Td>
                <Anchor component={Link} to={`/clients/${row.clientId}`}>
                  <code>{row.clientId.slice(0, 8)}</code>
                  <VisuallyHidden> chart</VisuallyHidden>
                </Anchor>
              </Table.Td>
              <Table.Td>{queue.detail(row)}</Table.Td>
              {review && <Table.Td>{String(row.reason ?? '')}</Table.Td>}
              <Table.Td>
                {review ? (
                  <GrantReview row={row} site={site} />
                ) : (
                  <Anchor component={Link} to={`/clients/${row.clientId}`}>
                    Chart<VisuallyHidden> of client {row.clientId.slice(0, 8)}</VisuallyHidden>
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

/** Records the supervisor's review of one grant at the service that granted it; the queue is read again after. */
function GrantReview({ row, site }: { row: SourcedRow; site: string }) {
  const grantId = String(row.grantId);
  const review = useWrite<unknown, { outcome: 'justified' | 'not-justified' }>(row.source, `break-the-glass/${grantId}/review`, {
    invalidates: [queueKey(site, BREAK_THE_GLASS_QUEUE)],
  });
  const who = `the access by ${String(row.userId)} to client ${row.clientId.slice(0, 8)}`;
  return (
    <>
      <Group gap="xs">
        <Button size="xs" loading={review.isPending} onClick={() => review.mutate({ outcome: 'justified' })}>
          Justified<VisuallyHidden>: {who}</VisuallyHidden>
        </Button>
        <Button size="xs" variant="default" loading={review.isPending} onClick={() => review.mutate({ outcome: 'not-justified' })}>
          Not justified<VisuallyHidden>: {who}</VisuallyHidden>
        </Button>
      </Group>
      <ProblemAlert error={review.error} />
    </>
  );
}
