// The auditor's screens beyond one client (issue 21): one user's access log (their reads of
// client records and lists, refusals and other security events, in every service's log) and the
// verification of the whole event store, watched as it runs. Both are the audit service's, for auditors only; the
// user id goes to the service in the API path, never in the page's address.
import { useState } from 'react';
import { Button, Card, Group, Loader, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, start as startRun, type ProblemError } from '../api';
import { ProblemAlert } from '../components/forms';
import type { paths as AuditPaths } from '../api-types/audit';

type AccessEntry = {
  kind: string;
  at: string;
  service: string;
  clientId: string | null;
  siteId: string;
  role: string;
  why: string | null;
  correlationId: string;
  event: { position: number };
};
type UserAccess = { userId: string; entries: AccessEntry[]; truncated: boolean };
type Finding = Record<string, unknown>;
export type IntegrityReport = {
  ok: boolean;
  headPosition: number;
  eventsChecked: number;
  streamsChecked: number;
  firstFinding: Finding | null;
  findingsTotal: number;
  elapsedMs: number;
  eventsPerSecond: number;
};

export default function Audit() {
  return (
    <Stack>
      <Title order={2}>Audit</Title>
      <UserAccessLog />
      <StoreVerification />
    </Stack>
  );
}

function UserAccessLog() {
  const [draft, setDraft] = useState({ userId: '', from: '', to: '' });
  const [asked, setAsked] = useState<typeof draft>();
  const log = useQuery({
    queryKey: ['audit-user-access', asked],
    queryFn: () => {
      const query = new URLSearchParams();
      if (asked!.from) query.set('from', asked!.from);
      if (asked!.to) query.set('to', asked!.to);
      const text = query.toString();
      return get<UserAccess>('audit', `access-log/users/${encodeURIComponent(asked!.userId)}${text ? `?${text}` : ''}`);
    },
    enabled: asked !== undefined,
    retry: false,
  });
  return (
    <Card withBorder component="section" aria-label="Access log of a user">
      <Title order={3} size="h4" mb="sm" id="user-access-title">
        Access log of a user
      </Title>
      <form
        aria-labelledby="user-access-title"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.userId.trim()) setAsked({ ...draft, userId: draft.userId.trim() });
        }}
      >
        <Group align="end">
          <TextInput
            label="User id"
            value={draft.userId}
            onChange={(event) => setDraft({ ...draft, userId: event.currentTarget.value })}
            required
            autoComplete="off"
          />
          <TextInput
            type="date"
            label="From"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
          <TextInput type="date" label="To" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })} />
          <Button type="submit">Show the access log</Button>
        </Group>
      </form>
      {log.isFetching && <Loader size="sm" aria-label="Loading the access log" mt="sm" />}
      {log.error && <ProblemAlert error={log.error as ProblemError} />}
      {log.data && log.data.entries.length === 0 && <Text mt="sm">Nothing is recorded for {log.data.userId} in this period.</Text>}
      {log.data && log.data.entries.length > 0 && (
        <Table striped mt="sm" data-testid="user-access-log">
          <Table.Caption>
            {log.data.entries.length} entries for {log.data.userId}
            {log.data.truncated ? ': more than one answer lists, narrow the period' : ''}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When (UTC)</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Service</Table.Th>
              <Table.Th scope="col">Client</Table.Th>
              <Table.Th scope="col">Site and role</Table.Th>
              <Table.Th scope="col">Why</Table.Th>
              <Table.Th scope="col">Correlation</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.entries.map((entry) => (
              <Table.Tr key={`${entry.event.position}-${entry.clientId ?? ''}-${entry.kind}`}>
                <Table.Td>{entry.at}</Table.Td>
                <Table.Td>{entry.kind}</Table.Td>
                <Table.Td>{entry.service}</Table.Td>
                <Table.Td>{entry.clientId ? <code>{entry.clientId.slice(0, 8)}</code> : ''}</Table.Td>
                <Table.Td>
                  {entry.siteId} · {entry.role}
                </Table.Td>
                <Table.Td>{entry.why ?? ''}</Table.Td>
                <Table.Td>{entry.correlationId.slice(0, 8)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** A run of the store's verification, as the audit service answers it (typed from its OpenAPI document: npm run console:api-types). */
type VerificationRun = AuditPaths['/api/v1/verifications/{verificationId}']['get']['responses'][200]['content']['application/json'];

/** How often the page asks how far the run has got: once a second at most, by one auditor's page. */
const POLL_MS = 1000;

/**
 * The verification of the whole store as a run to watch: the audit service starts it
 * (POST /verifications, or gives the one already running), the page reads it back once a second
 * while it runs, showing the events checked against the store's head, then the report.
 */
function StoreVerification() {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string>();
  const start = useMutation<VerificationRun, ProblemError>({
    mutationFn: () => startRun<VerificationRun>('audit', 'verifications'),
    onSuccess: (run) => {
      queryClient.setQueryData(['verification', run.verificationId], run);
      setRunId(run.verificationId);
    },
  });
  const run = useQuery({
    queryKey: ['verification', runId],
    queryFn: () => get<VerificationRun>('audit', `verifications/${runId}`),
    enabled: !!runId,
    // The POST's answer is the first reading: the next one a second later, and so on while it runs.
    staleTime: POLL_MS,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
    retry: false,
  });
  const current = run.data;
  const running = start.isPending || current?.status === 'running';
  const report = current?.report;
  return (
    <Card withBorder component="section" aria-label="Store verification">
      <Title order={3} size="h4" mb="sm">
        Verification of the event store
      </Title>
      <Text size="sm" mb="sm">
        Checks every stream's hash chain and the store's global order, and names the first altered, missing or reordered event.
      </Text>
      <Group>
        <Button onClick={() => start.mutate()} loading={running}>
          Verify the store
        </Button>
      </Group>
      {current?.status === 'running' && <VerificationProgress run={current} />}
      <ProblemAlert error={start.error ?? (run.error as ProblemError | null)} />
      {current?.status === 'failed' && (
        <Text mt="sm" role="alert" data-testid="verification-result">
          The verification could not finish after {current.checkedEvents} of {current.totalEvents} events: start it again.
        </Text>
      )}
      {report && (
        <Text mt="sm" role="status" data-testid="verification-result">
          {report.ok ? 'The store is intact' : `The store is NOT intact: ${report.findingsTotal} findings`}: {report.eventsChecked} events
          in {report.streamsChecked} streams checked up to position {report.headPosition}, in {(report.elapsedMs / 1000).toFixed(1)} s (
          {Math.round(report.eventsPerSecond)} events a second).
          {report.firstFinding ? ` First finding: ${JSON.stringify(report.firstFinding)}` : ''}
        </Text>
      )}
    </Card>
  );
}

/**
 * The run's progress: a <progress> of the events checked against the store's head when it began,
 * with the figures beside it; a screen reader hears it at each tenth, not at every reading.
 */
function VerificationProgress({ run }: { run: VerificationRun }) {
  const percent = run.totalEvents > 0 ? Math.min(100, Math.floor((run.checkedEvents / run.totalEvents) * 100)) : 0;
  const tenth = Math.floor(percent / 10) * 10;
  return (
    <Stack gap={4} mt="sm">
      <progress
        id="verification-progress"
        max={Math.max(run.totalEvents, 1)}
        value={run.checkedEvents}
        aria-label="Events checked"
        style={{ width: '100%' }}
      />
      <Text size="sm" aria-hidden>
        {run.checkedEvents} of {run.totalEvents} events checked ({percent} %)
      </Text>
      <VisuallyHidden role="status" aria-live="polite">
        Verifying: {tenth} % of the events checked.
      </VisuallyHidden>
    </Stack>
  );
}
