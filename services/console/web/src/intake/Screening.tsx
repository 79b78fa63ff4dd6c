// A scale screening (PHQ-9, GAD-7, AUDIT-C): the answers as a form, the score and band as
// intake computes them (the page never scores).
import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type IntakeRequests } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { type IntakeRecord } from './record';

const SCALES: Record<string, { count: number; max: number }> = {
  'PHQ-9': { count: 9, max: 3 },
  'GAD-7': { count: 7, max: 3 },
  'AUDIT-C': { count: 3, max: 4 },
};
type Scored = {
  instrument: string;
  score?: number;
  band?: string;
  positive?: boolean;
  needsSameDayFollowUp?: boolean;
  coOccurringConditionsIdentified?: string[];
};

export function ScoredResult({ result }: { result: Scored }) {
  return (
    <Alert
      color={result.positive ? 'orange' : 'green'}
      title={`${result.instrument}: score ${result.score ?? '—'}, band ${result.band ?? '—'}`}
      data-testid="screening-result"
      role="status"
    >
      {result.positive ? 'Positive at the network’s cutoff.' : 'Negative at the network’s cutoff.'}
      {result.needsSameDayFollowUp ? ' A same-day safety follow-up is opened.' : ''}
      {result.coOccurringConditionsIdentified?.length
        ? ` Co-occurring condition to refer: ${result.coOccurringConditionsIdentified.join(', ')}.`
        : ''}
    </Alert>
  );
}

export function Screening({ record }: { record: IntakeRecord }) {
  const queryClient = useQueryClient();
  const [instrument, setInstrument] = useState('PHQ-9');
  const scale = SCALES[instrument]!;
  const [items, setItems] = useState<number[]>(Array(9).fill(0));
  const [result, setResult] = useState<Scored>();
  const screen = useWrite<Scored, IntakeRequests['RecordScreeningDto']>('intake', `clients/${record.clientId}/screenings`, {
    onDone: setResult,
  });
  const next = () => queryClient.invalidateQueries({ queryKey: ['intake', record.clientId] });
  if (result)
    return (
      <Stack>
        <ScoredResult result={result} />
        <Group>
          <Button onClick={next}>Continue to the C-SSRS</Button>
        </Group>
      </Stack>
    );
  return (
    <form
      aria-labelledby="screening-title"
      onSubmit={(event) => {
        event.preventDefault();
        // intake's document types `items` as strings; it scores numbers (api/examples.ts): reported to intake.
        screen.mutate({
          instrument: instrument as IntakeRequests['RecordScreeningDto']['instrument'],
          items: items.slice(0, scale.count) as unknown as string[],
        });
      }}
    >
      <Stack>
        <Title order={3} id="screening-title">
          Screening
        </Title>
        <NativeSelect
          label="Instrument"
          value={instrument}
          onChange={(event) => setInstrument(event.currentTarget.value)}
          data={Object.keys(SCALES)}
          maw={240}
        />
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          {Array.from({ length: scale.count }, (_, index) => (
            <NativeSelect
              key={`${instrument}-${index}`}
              label={`${instrument} item ${index + 1}`}
              value={String(items[index] ?? 0)}
              onChange={(event) => setItems(items.map((value, at) => (at === index ? Number(event.currentTarget.value) : value)))}
              data={Array.from({ length: scale.max + 1 }, (_, value) => String(value))}
              error={screen.error?.about(`items[${index}]`) ?? screen.error?.about(`items.${index}`)}
            />
          ))}
        </SimpleGrid>
        <ProblemAlert error={screen.error} fields={['items']} />
        <Group>
          <Button type="submit" loading={screen.isPending}>
            Score the {instrument}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
