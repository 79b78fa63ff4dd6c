// The intake flow, one step at a time, each step a write to intake: registration (with the
// possible-duplicate warning) → Part 2 consent → screening → C-SSRS (safety hold) → the
// six-dimension assessment → placement (the recommendation, its reasons, the variance) →
// admission. Where the client is in the flow comes from intake's record, so a reload or a
// second coordinator resumes at the same step.
import { Alert, Anchor, Badge, Group, Loader, Paper, Stepper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { get, type SessionUser } from '../api';
import { type IntakeRecord, stepOf } from '../intake/record';
import { Registration } from '../intake/Registration';
import { Consent } from '../intake/Consent';
import { Screening } from '../intake/Screening';
import { Cssrs } from '../intake/Cssrs';
import { Assessment } from '../intake/Assessment';
import { Placement } from '../intake/Placement';
import { Admission } from '../intake/Admission';

const STEPS = ['Registration', 'Consent', 'Screening', 'C-SSRS', 'Assessment', 'Placement', 'Admission'];

export default function IntakeFlow({ user }: { user: SessionUser }) {
  const { clientId } = useParams();
  const navigate = useNavigate();
  const record = useQuery({
    queryKey: ['intake', clientId],
    queryFn: () => get<IntakeRecord>('intake', `clients/${clientId}`),
    enabled: clientId !== undefined,
  });
  if (clientId && record.isPending) return <Loader aria-label="Loading the client's intake" />;
  const data = record.data;
  const step = data ? stepOf(data) : 0;

  return (
    <>
      <Title order={2} mb="sm">
        Intake{data ? `: ${data.person.givenName} ${data.person.familyName}` : ''}
      </Title>
      {data?.isOnSafetyHold && (
        <Alert color="red" variant="filled" title="Safety hold" role="alert" mb="md" data-testid="safety-hold">
          The C-SSRS found imminent risk. The client stays on a safety hold until a clinician records a suicide-risk assessment and a safety
          plan; only a level with 24-hour care can be chosen meanwhile.
        </Alert>
      )}
      {data?.possibleDuplicateOf && data.possibleDuplicateOf.length > 0 && (
        <Alert color="yellow" title="Possible duplicate" mb="md" data-testid="possible-duplicate">
          This registration may be the same person as{' '}
          {data.possibleDuplicateOf.map((other, index) => (
            <span key={other}>
              {index > 0 && ', '}
              <Anchor component={Link} to={`/clients/${other}`}>
                client {other.slice(0, 8)}
              </Anchor>
            </span>
          ))}
          . Records are flagged, never merged: check before going on.
        </Alert>
      )}
      <Stepper active={step} size="sm" mb="lg" allowNextStepsSelect={false} aria-label="Intake steps">
        {STEPS.map((label) => (
          <Stepper.Step key={label} label={label} />
        ))}
      </Stepper>
      <Paper withBorder p="lg" maw={820}>
        {step === 0 && <Registration user={user} onRegistered={(id) => navigate(`/intake/${id}`)} />}
        {data && step === 1 && <Consent record={data} />}
        {data && step === 2 && <Screening record={data} />}
        {data && step === 3 && <Cssrs record={data} />}
        {data && step === 4 && <Assessment record={data} />}
        {data && step === 5 && <Placement record={data} />}
        {data && step === 6 && <Admission record={data} user={user} />}
        {data && step === 7 && (
          <Group>
            <Badge color="teal.9" size="lg">
              Admitted
            </Badge>
            <Text>The client is admitted.</Text>
            <Anchor component={Link} to={`/clients/${data.clientId}`}>
              Open the chart
            </Anchor>
          </Group>
        )}
      </Paper>
    </>
  );
}
