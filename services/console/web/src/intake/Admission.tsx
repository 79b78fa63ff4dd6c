import { useState } from 'react';
import { Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { type IntakeRequests, type SessionUser } from '../api';
import { ProblemAlert, today, useWrite } from '../components/forms';
import { type IntakeRecord, decidedLevelOf, levelName } from './record';

export function Admission({ record, user }: { record: IntakeRecord; user: SessionUser }) {
  const level = decidedLevelOf(record)!;
  const [form, setForm] = useState<Omit<IntakeRequests['AdmitClientDto'], 'level'>>({
    siteId: record.siteId,
    track: 'evening',
    startDate: today(),
  });
  const admit = useWrite<unknown, IntakeRequests['AdmitClientDto']>('intake', `clients/${record.clientId}/admissions`, {
    invalidates: [['intake', record.clientId]],
  });
  const sites = [...new Set([record.siteId, ...user.sites])];
  return (
    <form
      aria-labelledby="admission-title"
      onSubmit={(event) => {
        event.preventDefault();
        admit.mutate({ level, ...form });
      }}
    >
      <Stack>
        <Title order={3} id="admission-title">
          Admission
        </Title>
        <Text>Level: {levelName(level)}</Text>
        <Group grow>
          <NativeSelect
            label="Site"
            value={form.siteId}
            onChange={(event) => setForm({ ...form, siteId: event.currentTarget.value })}
            data={sites}
            error={admit.error?.about('siteId')}
          />
          <NativeSelect
            label="Track"
            value={form.track}
            onChange={(event) => setForm({ ...form, track: event.currentTarget.value as IntakeRequests['AdmitClientDto']['track'] })}
            data={['morning', 'evening', 'other']}
            error={admit.error?.about('track')}
          />
          <TextInput
            type="date"
            label="Start date"
            value={form.startDate}
            onChange={(event) => setForm({ ...form, startDate: event.currentTarget.value })}
            error={admit.error?.about('startDate')}
            required
          />
        </Group>
        <ProblemAlert error={admit.error} fields={['siteId', 'track', 'startDate', 'level']} />
        <Group>
          <Button type="submit" loading={admit.isPending}>
            Admit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
