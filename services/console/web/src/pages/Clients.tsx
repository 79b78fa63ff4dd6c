import { useState } from 'react';
import { Alert, Anchor, Button, Group, Loader, NativeSelect, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get, ProblemError, type SessionUser } from '../api';

type ClientRow = { clientId: string; siteId: string; status: string };

/** The clients of one of the user's sites (the service scopes the list to the user's roles), newest first. */
export function Clients({ user }: { user: SessionUser }) {
  const [site, setSite] = useState(user.sites[0] ?? '');
  const clients = useQuery({
    queryKey: ['clients', site],
    queryFn: () => get<{ items: ClientRow[] }>('intake', site ? `sites/${site}/clients?limit=50` : 'clients?limit=50'),
  });
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
      {clients.data && clients.data.items.length === 0 && <Text>No clients yet at {site}.</Text>}
      {clients.data && clients.data.items.length > 0 && (
        <Table striped aria-label={`Clients at ${site}`}>
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
    </>
  );
}
