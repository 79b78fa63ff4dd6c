// Continuum's placement recommendation (placement rules v2) with each reason, what would
// change it and any barrier; the clinician's decision, with the variance reason the service
// requires when it differs from the recommendation.
import { useState } from 'react';
import { Alert, Button, Group, List, Loader, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type IntakeRequests } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { type IntakeRecord, type Level, levelName, THIRD_EDITION_CODES } from './record';

type Sentence = { code: string; sentence: string };
type Recommendation = { level: Level; rule: string; reasons: Sentence[]; whatWouldChange: Sentence[]; barriers: Sentence[] };

export function Placement({ record }: { record: IntakeRecord }) {
  const recommendation = useQuery({
    queryKey: ['recommendation', record.clientId],
    queryFn: () => get<Recommendation>('intake', `clients/${record.clientId}/placement-recommendation`),
  });
  const [code, setCode] = useState<string>();
  const [varianceReason, setVarianceReason] = useState('');
  const decide = useWrite<unknown, IntakeRequests['DecidePlacementDto']>('intake', `clients/${record.clientId}/placement`, {
    invalidates: [['intake', record.clientId]],
  });
  if (recommendation.isPending) return <Loader aria-label="Loading the recommendation" />;
  if (!recommendation.data) return <ProblemAlert error={recommendation.error as never} />;
  const recommended = recommendation.data.level;
  const chosen = code ?? recommended.code;
  const differs = chosen !== recommended.code;
  return (
    <form
      aria-labelledby="placement-title"
      onSubmit={(event) => {
        event.preventDefault();
        decide.mutate({ level: { edition: recommended.edition, code: chosen }, ...(differs ? { varianceReason } : {}) });
      }}
    >
      <Stack>
        <Title order={3} id="placement-title">
          Placement
        </Title>
        <Alert color="indigo" title={`Recommended: ${levelName(recommended)}`} data-testid="recommendation">
          <Text size="sm" fw={600}>
            Why
          </Text>
          <List size="sm">
            {recommendation.data.reasons.map((reason) => (
              <List.Item key={reason.code}>{reason.sentence}</List.Item>
            ))}
          </List>
          {recommendation.data.whatWouldChange.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                What would change it
              </Text>
              <List size="sm">
                {recommendation.data.whatWouldChange.map((reason) => (
                  <List.Item key={reason.code}>{reason.sentence}</List.Item>
                ))}
              </List>
            </>
          )}
          {recommendation.data.barriers.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                Barriers
              </Text>
              <List size="sm">
                {recommendation.data.barriers.map((reason) => (
                  <List.Item key={reason.code}>{reason.sentence}</List.Item>
                ))}
              </List>
            </>
          )}
        </Alert>
        <NativeSelect
          label="Level decided"
          value={chosen}
          onChange={(event) => setCode(event.currentTarget.value)}
          data={THIRD_EDITION_CODES.map((value) => ({ value, label: levelName({ edition: 3, code: value }) }))}
          error={decide.error?.about('level')}
          maw={320}
        />
        {differs && (
          <Textarea
            label="Variance reason"
            description="Why the level differs from the recommendation; it is kept with the decision."
            value={varianceReason}
            onChange={(event) => setVarianceReason(event.currentTarget.value)}
            error={decide.error?.about('varianceReason')}
            required
          />
        )}
        <ProblemAlert error={decide.error} fields={['level', 'varianceReason']} />
        <Group>
          <Button type="submit" loading={decide.isPending}>
            Decide the placement
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
