import { lazy, Suspense } from 'react';
import { AppShell, Button, Group, Loader, Text, Title, Anchor } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Route, Routes } from 'react-router';
import { consoleApi, rememberCsrfToken, sessionQuery, type SessionUser } from './api';
import { SignIn } from './pages/SignIn';
import { Clients } from './pages/Clients';
import { lazyPage } from './components/lazy-page';

// The intake flow and the chart load when first opened: the first screen carries only what it shows.
const IntakeFlow = lazy(() => import('./pages/IntakeFlow'));
const Chart = lazyPage(() => import('./pages/Chart'));
// Opened at a chart's address, its code loads beside the session's read rather than after it
// (the chart's Largest Contentful Paint waits for both), and the chart then renders without
// suspending (components/lazy-page.tsx).
if (window.location.pathname.startsWith('/clients/')) void Chart.preload();
const CareTeam = lazy(() => import('./pages/CareTeam'));
const AuditClient = lazy(() => import('./pages/AuditClient'));
const WorkQueues = lazyPage(() => import('./pages/WorkQueues'));
// Opened at the work queues, likewise (main.tsx starts the first tab's reads when the session answers).
if (window.location.pathname === '/queues') void WorkQueues.preload();
const NetworkOverview = lazy(() => import('./pages/NetworkOverview'));
const Audit = lazy(() => import('./pages/Audit'));

export function App() {
  const session = useQuery(sessionQuery);
  if (session.isPending) return <Loader aria-label="Loading" m="xl" />;
  if (session.isError)
    return (
      <Text role="alert" m="xl">
        The console does not answer; reload the page to try again.
      </Text>
    );
  const answer = session.data;
  rememberCsrfToken(answer.signedIn ? answer.csrfToken : undefined);
  if (!answer.signedIn) return <SignIn options={answer.developmentSignIn} providerSignIn={answer.providerSignIn} />;
  return <SignedIn user={answer.user} />;
}

/** Network administrators and the programme directors of any site read the network overview. */
const readsOverview = (user: SessionUser) =>
  user.role === 'network-admin' || Object.values(user.siteRoles).some((roles) => roles.includes('programme-director'));

function SignedIn({ user }: { user: SessionUser }) {
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: consoleApi.signOut,
    // Nothing read under the old session stays in memory; the session is read anew (the sign-in form).
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      await queryClient.refetchQueries({ queryKey: ['session'] });
    },
  });
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="lg">
            <Title order={1} size="h3">
              <Anchor component={Link} to="/" underline="never" c="inherit">
                Continuum
              </Anchor>
            </Title>
            <nav aria-label="Main">
              <Group gap="md">
                <Anchor component={Link} to="/">
                  Clients
                </Anchor>
                <Anchor component={Link} to="/intake">
                  New intake
                </Anchor>
                <Anchor component={Link} to="/queues">
                  Work queues
                </Anchor>
                {user.role === 'auditor' && (
                  <Anchor component={Link} to="/audit">
                    Audit
                  </Anchor>
                )}
                {readsOverview(user) && (
                  <Anchor component={Link} to="/overview">
                    Network overview
                  </Anchor>
                )}
              </Group>
            </nav>
          </Group>
          <Group gap="sm">
            <Text size="sm" data-testid="signed-in-as">
              {user.userId} · {user.role}
              {user.sites.length ? ` · ${user.sites.join(', ')}` : ''}
            </Text>
            <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label="Loading" />}>
          <Routes>
            <Route path="/" element={<Clients user={user} />} />
            <Route path="/intake" element={<IntakeFlow user={user} />} />
            <Route path="/intake/:clientId" element={<IntakeFlow user={user} />} />
            <Route path="/clients/:clientId" element={<Chart user={user} />} />
            <Route path="/clients/:clientId/care-team" element={<CareTeam />} />
            <Route path="/audit/clients/:clientId" element={<AuditClient />} />
            <Route path="/queues" element={<WorkQueues user={user} />} />
            <Route path="/overview" element={<NetworkOverview user={user} />} />
            <Route path="/audit" element={<Audit />} />
            <Route path="*" element={<Text>There is no such page.</Text>} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
