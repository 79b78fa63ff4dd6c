// The work queues: one tab per queue the user's roles admit at the chosen site, its count the
// service's `total`, each row linking to the client's chart (ids only in the address). A queue
// the service refuses (403) is hidden, not shown as an error. Each tab shows one page of its
// queue and pages with the service's cursors (queues/paging.ts): only the page shown is read.
// The site's clinical supervisor reviews break-the-glass grants here: justified or not,
// recorded by the service that granted.
import { useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get, holdsAt, ProblemError, type ServiceName, type SessionUser } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { reasonLabel } from '../chart/break-the-glass';
import { BREAK_THE_GLASS_QUEUE, QUEUES, type Queue, type QueuePage, type QueueRow } from '../queues/queues';
import { queueKey, useQueueEvents } from '../queues/queue-events';
import { FIRST_PAGE, cursorOf, nextPage, pagePath, previousPage, rowsLabel, type PagePosition } from '../queues/paging';

type Listed = QueuePage & { refused: boolean };
type SourcedRow = QueueRow & { source: ServiceName };

/** One page of a queue (the whole list of one a service does not page), its sources' answers together; refused only when every source refused (403). */
async function readQueue(queue: Queue, siteId: string, after: string | undefined): Promise<Listed> {
  const answers = await Promise.all(
    queue.sources.map(async ({ service, path }) => {
      try {
        const page = await get<{ total: number; items?: QueueRow[]; grants?: QueueRow[]; nextCursor?: string }>(
          service,
          queue.paged ? pagePath(path(siteId), after) : path(siteId),
        );
        return {
          total: page.total,
          items: (page.items ?? page.grants ?? []).map((row) => ({ ...row, source: service })),
          nextCursor: page.nextCursor,
        };
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
    // Only a queue of one source pages.
    nextCursor: queue.paged ? (answered[0]?.nextCursor ?? null) : null,
  };
}

export default function WorkQueues({ user }: { user: SessionUser }) {
  const [site, setSite] = useState(user.sites[0] ?? '');
  const admitted = QUEUES.filter((queue) => queue.roles.some((role) => holdsAt(user, role, site)));
  // The page each tab shows, by site and queue: a tab keeps its place while another is shown.
  const [positions, setPositions] = useState<Record<string, PagePosition>>({});
  const positionOf = (queue: Queue) => positions[`${site}/${queue.id}`] ?? FIRST_PAGE;
  const moveTo = (queue: Queue, position: PagePosition) => setPositions((all) => ({ ...all, [`${site}/${queue.id}`]: position }));
  // One read per tab, of the page it shows; a live change re-reads that page (its key starts with the queue's).
  const results = useQueries({
    queries: admitted.map((queue) => {
      const after = cursorOf(positionOf(queue));
      return {
        queryKey: [...queueKey(site, queue.id), after ?? null],
        queryFn: () => readQueue(queue, site, after),
      };
    }),
  });
  // The page each tab showed last: its count and rows stay while the next page is read.
  const lastPages = useRef(new Map<string, Listed>());
  const live = useQueueEvents(site);
  const shown = admitted
    .map((queue, index) => {
      const result = results[index]!;
      if (result.data) lastPages.current.set(`${site}/${queue.id}`, result.data);
      return { queue, result, page: result.data ?? lastPages.current.get(`${site}/${queue.id}`) };
    })
    .filter(({ page }) => !page?.refused);
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
            {shown.map(({ queue, page }) => (
              <Tabs.Tab
                key={queue.id}
                value={queue.id}
                data-testid={`tab-${queue.id}`}
                rightSection={
                  page ? (
                    <Badge variant="light" data-testid={`count-${queue.id}`}>
                      {page.total}
                    </Badge>
                  ) : undefined
                }
              >
                {queue.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {shown.map(({ queue, result, page }) => (
            <Tabs.Panel key={queue.id} value={queue.id} pt="md">
              <QueueTable
                queue={queue}
                site={site}
                result={result}
                page={page}
                position={positionOf(queue)}
                onMove={(position) => moveTo(queue, position)}
              />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </>
  );
}

function QueueTable({
  queue,
  site,
  result,
  page,
  position,
  onMove,
}: {
  queue: Queue;
  site: string;
  result: UseQueryResult<Listed>;
  /** The page to show: the one asked for, or the one shown before while it is read. */
  page: Listed | undefined;
  position: PagePosition;
  onMove: (position: PagePosition) => void;
}) {
  if (result.error instanceof ProblemError)
    return (
      <Alert color="red" title={result.error.problem.title} role="alert">
        {result.error.problem.detail}
      </Alert>
    );
  if (!page) return <Loader aria-label={`Loading ${queue.label}`} />;
  const reading = !result.data;
  const paging = queue.paged && (position.index > 0 || !!page.nextCursor);
  const pager = paging && (
    <PageButtons
      queue={queue}
      onPrevious={position.index > 0 && !reading ? () => onMove(previousPage(position)) : undefined}
      onNext={page.nextCursor && !reading ? () => onMove(nextPage(position, page.nextCursor!)) : undefined}
    />
  );
  // Announced to a screen reader when the page changes (polite: after what it is reading).
  const label = (
    <Text size="sm" mb="xs" role="status" aria-live="polite" data-testid={`rows-${queue.id}`}>
      {reading ? 'Reading the page…' : paging ? `${rowsLabel(position, page.items.length, page.total)}.` : ''}
    </Text>
  );
  if (page.items.length === 0 && position.index === 0)
    return (
      <>
        {label}
        <Text>Nothing waiting.</Text>
      </>
    );
  const review = queue.id === BREAK_THE_GLASS_QUEUE;
  return (
    <>
      {label}
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
              {review && <Table.Td>{reasonLabel(String(row.reason ?? ''))}</Table.Td>}
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
      {pager}
    </>
  );
}

/**
 * "Previous page" and "Next page". At either end the button stays in the tab order, dimmed and
 * announced as unavailable (aria-disabled), so the keyboard's focus is not lost when it is pressed
 * to the last page.
 */
function PageButtons({
  queue,
  onPrevious,
  onNext,
}: {
  queue: Queue;
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
}) {
  return (
    <Group gap="xs" mt="sm" role="group" aria-label={`Pages of ${queue.label}`}>
      <Button
        size="xs"
        variant="default"
        data-disabled={!onPrevious || undefined}
        aria-disabled={!onPrevious}
        onClick={(event) => (onPrevious ? onPrevious() : event.preventDefault())}
      >
        Previous page
      </Button>
      <Button
        size="xs"
        variant="default"
        data-disabled={!onNext || undefined}
        aria-disabled={!onNext}
        onClick={(event) => (onNext ? onNext() : event.preventDefault())}
      >
        Next page
      </Button>
    </Group>
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
