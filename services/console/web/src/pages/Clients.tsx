import { useState } from 'react';
import { Alert, Anchor, Button, Group, Loader, NativeSelect, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get, ProblemError, type SessionUser } from '../api';
import { PageButtons } from '../components/PageButtons';
import { cursorOf, nextPage, pagePath, previousPage, rowsLabel, type PagePosition } from '../components/paging';
import { usePagePositions } from '../components/page-positions';

type ClientRow = { clientId: string; siteId: string; status: string };

/** How many clients a page shows. */
const CLIENT_PAGE_SIZE = 50;

/**
 * The clients of one of the user's sites (the service scopes the list to the user's roles),
 * newest first, a page at a time with intake's cursors: a network of 10,000 clients is read
 * 50 at a time, and only the page shown.
 */
export function Clients({ user }: { user: SessionUser }) {
  const [site, setSite] = useState(user.sites[0] ?? '');
  const { positionOf, moveTo: moveListTo } = usePagePositions();
  const position = positionOf(site);
  const after = cursorOf(position);
  const clients = useQuery({
    queryKey: ['clients', site, after ?? null],
    queryFn: () =>
      get<{ items: ClientRow[]; nextCursor?: string | null }>(
        'intake',
        pagePath(site ? `sites/${site}/clients` : 'clients', after, CLIENT_PAGE_SIZE),
      ),
    // The page shown stays while the next is read (a site's first page is never another site's rows).
    placeholderData: (previous, query) => (query?.queryKey[1] === site ? previous : undefined),
  });
  const moveTo = (next: PagePosition) => moveListTo(site, next);
  const reading = clients.isPlaceholderData;
  const nextCursor = clients.data?.nextCursor;
  const paging = position.index > 0 || !!nextCursor;
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Clients</Title>
        <Button component={Link} to="/intake">
          Start an intake
        </Button>
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
      {clients.isPending && <Loader aria-label="Loading the clients" />}
      {clients.error instanceof ProblemError && (
        <Alert color="red" title={clients.error.problem.title} role="alert">
          {clients.error.problem.detail}
        </Alert>
      )}
      {clients.data && paging && (
        <Text size="sm" mb="xs" role="status" aria-live="polite" data-testid="clients-rows">
          {reading ? 'Reading the page…' : `${rowsLabel(position, clients.data.items.length, undefined, CLIENT_PAGE_SIZE)}.`}
        </Text>
      )}
      {clients.data && clients.data.items.length === 0 && position.index === 0 && <Text>No clients yet at {site}.</Text>}
      {clients.data && clients.data.items.length > 0 && (
        <Table striped aria-label={`Clients at ${site}`} data-testid="clients-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Client</Table.Th>
              <Table.Th scope="col">Site</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Open</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.data.items.map((row) => (
              <Table.Tr key={row.clientId}>
                <Table.Td>
                  <code>{row.clientId.slice(0, 8)}</code>
                </Table.Td>
                <Table.Td>{row.siteId}</Table.Td>
                <Table.Td>{row.status}</Table.Td>
                <Table.Td>
                  <Group gap="sm">
                    <Anchor component={Link} to={`/clients/${row.clientId}`}>
                      Chart<VisuallyHidden> of client {row.clientId.slice(0, 8)}</VisuallyHidden>
                    </Anchor>
                    <Anchor component={Link} to={`/intake/${row.clientId}`}>
                      Intake<VisuallyHidden> of client {row.clientId.slice(0, 8)}</VisuallyHidden>
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {clients.data && paging && (
        <PageButtons
          label={`Pages of the clients at ${site}`}
          onPrevious={position.index > 0 && !reading ? () => moveTo(previousPage(position)) : undefined}
          onNext={nextCursor && !reading ? () => moveTo(nextPage(position, nextCursor)) : undefined}
        />
      )}
    </>
  );
}
