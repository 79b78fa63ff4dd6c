// The work queues: one tab per queue the user's roles admit at the chosen site, its count the
// service's `total`, each row linking to the client's chart (ids only in the address). A queue
// the service refuses (403) is hidden, not shown as an error. Each tab shows one page of its
// queue and pages with the service's cursors (queues/paging.ts): only the page shown is read.
// The site's clinical supervisor reviews break-the-glass grants here: justified or not,
// recorded by the service that granted.
import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { holdsAt, ProblemError, type SessionUser, type TreatmentPlanRequests } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { PageButtons } from '../components/PageButtons';
import { reasonLabel } from '../chart/break-the-glass';
import { BREAK_THE_GLASS_QUEUE, type Queue } from '../queues/queues';
import {
  admittedQueuesAt,
  firstSite,
  openingPagesShown,
  queuePageQuery,
  readsAgainOnShowing,
  type Listed,
  type SourcedRow,
} from '../queues/queue-page';
import { queueKey, useQueueEvents } from '../queues/queue-events';
import { cursorOf, nextPage, previousPage, rowsLabel, type PagePosition } from '../components/paging';
import { usePagePositions } from '../components/page-positions';

export default function WorkQueues({ user }: { user: SessionUser }) {
  const [site, setSite] = useState(firstSite(user));
  const admitted = admittedQueuesAt(user, site);
  // The page each tab shows, by site and queue: a tab keeps its place while another is shown.
  const pages = usePagePositions();
  const positionOf = (queue: Queue) => pages.positionOf(`${site}/${queue.id}`);
  const moveTo = (queue: Queue, position: PagePosition) => pages.moveTo(`${site}/${queue.id}`, position);
  // One read per tab, of the page it shows (not again the pages main.tsx asked for as the console
  // opened here, on their first showing; after it, every showing reads: declared after the reads,
  // this effect runs after they have looked).
  const results = useQueries({
    queries: admitted.map((queue) => ({
      ...queuePageQuery(queue, site, cursorOf(positionOf(queue))),
      refetchOnMount: readsAgainOnShowing,
    })),
  });
  useEffect(openingPagesShown, []);
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
                user={user}
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
  user,
  result,
  page,
  position,
  onMove,
}: {
  queue: Queue;
  site: string;
  user: SessionUser;
  result: UseQueryResult<Listed>;
  /** The page to show: the one asked for, or the one shown before while it is read. */
  page: Listed | undefined;
  position: PagePosition;
  onMove: (position: PagePosition) => void;
}) {
  // What was last recorded from this tab: said (politely) once its row has left, where the focus goes.
  const [recorded, setRecorded] = useState<string | undefined>();
  const recordedStatus = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (recorded) recordedStatus.current?.focus();
  }, [recorded]);
  // The care team's clinician or prescriber records what was done about an under-dosed week here
  // (the service refuses anyone not on the client's team); others open the chart.
  const followsUpWeeks = queue.id === UNDER_DOSED_QUEUE && WEEK_FOLLOWERS.some((role) => holdsAt(user, role, site));
  const recordedLine = followsUpWeeks && (
    <Text size="sm" mb="xs" role="status" tabIndex={-1} ref={recordedStatus} data-testid={`recorded-${queue.id}`}>
      {recorded}
    </Text>
  );
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
      label={`Pages of ${queue.label}`}
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
        {recordedLine}
        <Text>Nothing waiting.</Text>
      </>
    );
  const review = queue.id === BREAK_THE_GLASS_QUEUE;
  return (
    <>
      {label}
      {recordedLine}
      <Table striped aria-label={`${queue.label} at ${site}`} data-testid={`queue-${queue.id}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Client</Table.Th>
            <Table.Th scope="col">What</Table.Th>
            {review && <Table.Th scope="col">Reason given</Table.Th>}
            <Table.Th scope="col">{review ? 'Review' : followsUpWeeks ? 'Follow-up and chart' : 'Open'}</Table.Th>
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
                ) : followsUpWeeks ? (
                  <Group gap="sm" wrap="nowrap">
                    <WeekFollowUp row={row} site={site} onRecorded={setRecorded} />
                    <Anchor component={Link} to={`/clients/${row.clientId}`}>
                      Chart<VisuallyHidden> of client {row.clientId.slice(0, 8)}</VisuallyHidden>
                    </Anchor>
                  </Group>
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

const UNDER_DOSED_QUEUE = 'under-dosed-weeks';
/** Who may record an under-dosed week's follow-up (the plan's care team among them: docs/domain/work-queues.md#following-up-an-under-dosed-week). */
const WEEK_FOLLOWERS = ['clinician', 'prescriber'];
type WeekOutcome = TreatmentPlanRequests['FollowUpUnderDosedWeekDto']['outcome'];
const WEEK_OUTCOMES: { value: WeekOutcome; label: string }[] = [
  { value: 'client-contacted', label: 'Client contacted' },
  { value: 'dose-adjusted', label: 'Dose adjusted' },
  { value: 'no-change-clinically-indicated', label: 'No change: clinically indicated' },
  { value: 'client-unreachable', label: 'Client unreachable' },
];

/** Records what the care team did about one under-dosed week; the week leaves the queue (read again after). */
function WeekFollowUp({ row, site, onRecorded }: { row: SourcedRow; site: string; onRecorded: (said: string) => void }) {
  const [outcome, setOutcome] = useState<WeekOutcome>('client-contacted');
  const week = String(row.weekStart);
  const which = `the week of ${week}, client ${row.clientId.slice(0, 8)}`;
  const record = useWrite<unknown, { outcome: WeekOutcome }>(
    'treatment-plan',
    `plans/${String(row.planId)}/under-dosed-weeks/${week}/follow-up`,
    {
      invalidates: [queueKey(site, UNDER_DOSED_QUEUE)],
      onDone: () => onRecorded(`Follow-up recorded for ${which}: ${WEEK_OUTCOMES.find((known) => known.value === outcome)?.label}.`),
    },
  );
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <NativeSelect
          size="xs"
          aria-label={`Outcome for ${which}`}
          value={outcome}
          onChange={(event) => setOutcome(event.currentTarget.value as WeekOutcome)}
          data={WEEK_OUTCOMES}
        />
        <Button size="xs" loading={record.isPending} onClick={() => record.mutate({ outcome })}>
          Record<VisuallyHidden> the follow-up of {which}</VisuallyHidden>
        </Button>
      </Group>
      <ProblemAlert error={record.error} />
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
