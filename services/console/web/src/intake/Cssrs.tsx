// The C-SSRS screener (Columbia Lifetime/Recent screen, six questions; 3–5 asked only after a
// yes to 2). Intake decides the risk: a yes to 4, 5 or a recent 6 puts the client on a safety hold.
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type IntakeRequests } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { type IntakeRecord } from './record';

const QUESTIONS: [string, string][] = [
  ['q1', '1. Wished to be dead or not wake up (past month)'],
  ['q2', '2. Thoughts of killing oneself (past month)'],
  ['q3', '3. Thought about how one might do it'],
  ['q4', '4. Had some intention of acting on the thoughts'],
  ['q5', '5. Started to work out or worked out the details of how; intends to carry it out'],
  ['q6', '6. Ever done, started or prepared to do anything to end one’s life'],
];
type Answer = { score?: number; band?: string; isOnSafetyHold?: boolean; hasImminentSuicideRisk?: boolean; needsSameDayFollowUp?: boolean };

export function Cssrs({ record }: { record: IntakeRecord }) {
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, boolean>>({ q1: false, q2: false, q6: false });
  const [result, setResult] = useState<Answer>();
  const screen = useWrite<Answer, IntakeRequests['RecordScreeningDto']>('intake', `clients/${record.clientId}/screenings`, {
    onDone: setResult,
  });
  const asked = QUESTIONS.filter(([id]) => answers.q2 || !['q3', 'q4', 'q5'].includes(id));
  if (result)
    return (
      <Stack>
        {result.isOnSafetyHold ? (
          <Alert color="red" variant="filled" title="Safety hold" role="alert" data-testid="cssrs-result">
            Imminent risk: the client is on a safety hold. A clinician must record a suicide-risk assessment and a safety plan.
          </Alert>
        ) : (
          <Alert color="green" title="C-SSRS recorded" role="status" data-testid="cssrs-result">
            No imminent risk found{result.needsSameDayFollowUp ? '; a same-day safety follow-up is opened' : ''}.
          </Alert>
        )}
        <Group>
          <Button onClick={() => queryClient.invalidateQueries({ queryKey: ['intake', record.clientId] })}>
            Continue to the assessment
          </Button>
        </Group>
      </Stack>
    );
  return (
    <form
      aria-labelledby="cssrs-title"
      onSubmit={(event) => {
        event.preventDefault();
        screen.mutate({
          instrument: 'C-SSRS',
          answers: Object.fromEntries(asked.map(([id]) => [id, answers[id] ?? false])) as IntakeRequests['CssrsAnswersDto'],
        });
      }}
    >
      <Stack>
        <Title order={3} id="cssrs-title">
          C-SSRS screener
        </Title>
        {asked.map(([id, label]) => (
          <Checkbox
            key={id}
            label={label}
            checked={answers[id] ?? false}
            onChange={(event) => setAnswers({ ...answers, [id]: event.currentTarget.checked })}
            error={screen.error?.about(`answers.${id}`)}
          />
        ))}
        <ProblemAlert error={screen.error} fields={['answers']} />
        <Group>
          <Button type="submit" loading={screen.isPending}>
            Record the C-SSRS
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
