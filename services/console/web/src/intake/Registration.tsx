import { useState } from 'react';
import { Button, Fieldset, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { type IntakeRequests, type SessionUser } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';

const SOURCES = ['self', 'family', 'court', 'hospital', 'provider'];
const FIELDS = ['siteId', 'referral', 'person'];

export function Registration({ user, onRegistered }: { user: SessionUser; onRegistered: (clientId: string) => void }) {
  const [form, setForm] = useState({
    siteId: user.sites[0] ?? '',
    source: 'self',
    reasonCode: '',
    givenName: '',
    familyName: '',
    dateOfBirth: '',
    phone: '',
  });
  const set = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [name]: event.currentTarget.value });
  const register = useWrite<{ clientId: string }, IntakeRequests['RegisterClientDto']>('intake', 'clients', {
    onDone: (answer) => onRegistered(answer.clientId),
  });
  const about = (field: string) => register.error?.about(field);
  return (
    <form
      aria-labelledby="registration-title"
      onSubmit={(event) => {
        event.preventDefault();
        register.mutate({
          siteId: form.siteId,
          referral: { source: form.source as IntakeRequests['ReferralDto']['source'], reasonCode: form.reasonCode },
          person: {
            givenName: form.givenName,
            familyName: form.familyName,
            dateOfBirth: form.dateOfBirth,
            contact: form.phone ? { phone: form.phone } : {},
          },
        });
      }}
    >
      <Stack>
        <Title order={3} id="registration-title">
          Register the client
        </Title>
        <NativeSelect label="Site" value={form.siteId} onChange={set('siteId')} data={user.sites} error={about('siteId')} required />
        <Fieldset legend="Referral">
          <Group grow>
            <NativeSelect
              label="Source"
              value={form.source}
              onChange={set('source')}
              data={SOURCES}
              error={about('referral.source')}
              required
            />
            <TextInput
              label="Reason code"
              description="e.g. alcohol-use, opioid-use"
              value={form.reasonCode}
              onChange={set('reasonCode')}
              error={about('referral.reasonCode')}
              required
            />
          </Group>
        </Fieldset>
        <Fieldset legend="Person">
          <Group grow>
            <TextInput
              label="Given name"
              value={form.givenName}
              onChange={set('givenName')}
              error={about('person.givenName')}
              required
              autoComplete="off"
            />
            <TextInput
              label="Family name"
              value={form.familyName}
              onChange={set('familyName')}
              error={about('person.familyName')}
              required
              autoComplete="off"
            />
          </Group>
          <Group grow mt="sm">
            <TextInput
              type="date"
              label="Date of birth"
              value={form.dateOfBirth}
              onChange={set('dateOfBirth')}
              error={about('person.dateOfBirth')}
              required
            />
            <TextInput
              type="tel"
              label="Phone"
              value={form.phone}
              onChange={set('phone')}
              error={about('person.contact')}
              autoComplete="off"
            />
          </Group>
        </Fieldset>
        <ProblemAlert error={register.error} fields={FIELDS} />
        <Group>
          <Button type="submit" loading={register.isPending}>
            Register
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
