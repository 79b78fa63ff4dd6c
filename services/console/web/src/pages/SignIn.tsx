import { useState } from 'react';
import { Alert, Button, Checkbox, Container, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ProblemError, consoleApi, type SessionAnswer } from '../api';

type Options = Extract<SessionAnswer, { signedIn: false }>['developmentSignIn'];
const NETWORK_ROLES = ['auditor', 'network-admin'];

export function SignIn({ options, providerSignIn }: { options: Options; providerSignIn: string | null }) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState(options?.people[0]?.userId ?? '');
  const person = options?.people.find((candidate) => candidate.userId === userId);
  const [role, setRole] = useState(person?.roles[0] ?? '');
  const [sites, setSites] = useState<string[]>(options?.sites.slice(0, 1) ?? []);
  const signIn = useMutation({
    mutationFn: () => consoleApi.signIn({ userId, role, sites: NETWORK_ROLES.includes(role) ? [] : sites }),
    onSuccess: (answer) => queryClient.setQueryData(['session'], answer),
  });
  const problem = signIn.error instanceof ProblemError ? signIn.error : undefined;

  return (
    <Container size="xs" py="xl">
      <main>
        <Title order={1} mb="md">
          Sign in to Continuum
        </Title>
        {providerSignIn && (
          // Back to this page after the provider's sign-in (its path carries ids only).
          <Button
            component="a"
            href={`${providerSignIn}?returnTo=${encodeURIComponent(window.location.pathname)}`}
            mb="md"
            data-testid="provider-sign-in"
          >
            Sign in with your network’s identity provider
          </Button>
        )}
        {!options ? (
          !providerSignIn && <Text>Sign-in is not configured: set OIDC_ISSUER_URL for the console.</Text>
        ) : (
          <Paper withBorder p="lg">
            <form
              onSubmit={(event) => {
                event.preventDefault();
                signIn.mutate();
              }}
            >
              <Stack>
                <Text size="sm">Development sign-in: choose who you are for this session. It is not offered in production.</Text>
                <NativeSelect
                  label="Person"
                  value={userId}
                  onChange={(event) => {
                    const next = options.people.find((candidate) => candidate.userId === event.currentTarget.value);
                    setUserId(event.currentTarget.value);
                    setRole(next?.roles[0] ?? '');
                  }}
                  data={options.people.map((candidate) => ({ value: candidate.userId, label: candidate.label }))}
                  error={problem?.about('userId')}
                />
                <NativeSelect
                  label="Role"
                  value={role}
                  onChange={(event) => setRole(event.currentTarget.value)}
                  data={[...(person?.roles ?? [])]}
                  error={problem?.about('role')}
                />
                {!NETWORK_ROLES.includes(role) && (
                  <Checkbox.Group label="Sites" value={sites} onChange={setSites} error={problem?.about('sites')}>
                    <Stack gap="xs" mt="xs">
                      {options.sites.map((site) => (
                        <Checkbox key={site} value={site} label={site} />
                      ))}
                    </Stack>
                  </Checkbox.Group>
                )}
                {problem && !problem.problem.errors && (
                  <Alert color="red" title={problem.problem.title} role="alert">
                    {problem.problem.detail}
                  </Alert>
                )}
                <Button type="submit" loading={signIn.isPending}>
                  Sign in
                </Button>
              </Stack>
            </form>
          </Paper>
        )}
      </main>
    </Container>
  );
}
