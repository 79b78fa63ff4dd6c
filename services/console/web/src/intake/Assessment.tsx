// The six-dimension assessment (ASAM dimensions 1–6, each rated 0–4) and the facts the
// placement rules read. Intake checks ranges and agreements and answers each field it refuses.
import { useState } from 'react';
import { Button, Checkbox, Fieldset, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { type IntakeRequests } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { type IntakeRecord } from './record';

const DIMENSIONS: [keyof IntakeRequests['DimensionRatingsDto'], string][] = [
  ['withdrawal', '1. Intoxication and withdrawal'],
  ['biomedical', '2. Biomedical conditions'],
  ['emotionalBehavioural', '3. Emotional and behavioural'],
  ['readiness', '4. Readiness to change'],
  ['relapseRisk', '5. Relapse and continued-use potential'],
  ['recoveryEnvironment', '6. Recovery environment'],
];
const FLAGS: [string, string][] = [
  ['hasPriorTreatment', 'Has had treatment before'],
  ['relapsedAfterTreatment', 'Relapsed after treatment'],
  ['isHomeStableAndSafe', 'Home is stable and safe'],
  ['hasSupportNetwork', 'Has a support network'],
  ['livesInSoberLiving', 'Lives in sober living'],
  ['isWillingToAttend', 'Is willing to attend'],
  ['completedResidentialProgramme', 'Steps down from a completed residential programme'],
  ['reportsTrauma', 'Reports trauma'],
];
const DIMENSION_FIELDS = ['ratings', 'substances', 'withdrawalRisk', 'obligations', 'coOccurringDisorder', ...FLAGS.map(([name]) => name)];

type AssessmentRequest = IntakeRequests['RecordAssessmentDto'];

export function Assessment({ record }: { record: IntakeRecord }) {
  const [ratings, setRatings] = useState(Object.fromEntries(DIMENSIONS.map(([name]) => [name, 0])) as AssessmentRequest['ratings']);
  const [substance, setSubstance] = useState<AssessmentRequest['substances'][number]>({
    substanceCode: '',
    yearsOfUse: 0,
    severity: 'mild',
  });
  const [flags, setFlags] = useState<Record<string, boolean>>({ isWillingToAttend: true });
  const [withdrawalRisk, setWithdrawalRisk] = useState<AssessmentRequest['withdrawalRisk']>('none');
  const [obligations, setObligations] = useState<AssessmentRequest['obligations']>([]);
  const [coOccurringDisorder, setCoOccurringDisorder] = useState<AssessmentRequest['coOccurringDisorder']>('none');
  const assess = useWrite<unknown, IntakeRequests['RecordAssessmentDto']>('intake', `clients/${record.clientId}/assessments`, {
    invalidates: [['intake', record.clientId]],
  });
  const about = (field: string) => assess.error?.about(field);
  return (
    <form
      aria-labelledby="assessment-title"
      onSubmit={(event) => {
        event.preventDefault();
        assess.mutate({
          ratings,
          substances: [substance],
          ...(Object.fromEntries(FLAGS.map(([name]) => [name, flags[name] ?? false])) as Pick<
            AssessmentRequest,
            | 'hasPriorTreatment'
            | 'relapsedAfterTreatment'
            | 'isHomeStableAndSafe'
            | 'hasSupportNetwork'
            | 'livesInSoberLiving'
            | 'isWillingToAttend'
            | 'completedResidentialProgramme'
            | 'reportsTrauma'
          >),
          withdrawalRisk,
          obligations,
          coOccurringDisorder,
        });
      }}
    >
      <Stack>
        <Title order={3} id="assessment-title">
          Six-dimension assessment
        </Title>
        <Fieldset legend="Ratings (0 no problem – 4 severe)">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {DIMENSIONS.map(([name, label]) => (
              <NativeSelect
                key={name}
                label={label}
                value={String(ratings[name])}
                onChange={(event) => setRatings({ ...ratings, [name]: Number(event.currentTarget.value) } as AssessmentRequest['ratings'])}
                data={['0', '1', '2', '3', '4']}
                error={about(`ratings.${name}`)}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Substance use">
          <Group grow>
            <TextInput
              label="Substance code"
              description="e.g. alcohol, opioids"
              value={substance.substanceCode}
              onChange={(event) => setSubstance({ ...substance, substanceCode: event.currentTarget.value })}
              error={about('substances[0].substanceCode') ?? about('substances')}
              required
            />
            <NumberInput
              label="Years of use"
              min={0}
              value={substance.yearsOfUse}
              onChange={(value) => setSubstance({ ...substance, yearsOfUse: Number(value) || 0 })}
              error={about('substances[0].yearsOfUse')}
            />
            <NativeSelect
              label="Severity (DSM-5)"
              value={substance.severity}
              onChange={(event) =>
                setSubstance({ ...substance, severity: event.currentTarget.value as AssessmentRequest['substances'][number]['severity'] })
              }
              data={['mild', 'moderate', 'severe']}
              error={about('substances[0].severity')}
            />
          </Group>
        </Fieldset>
        <Group grow>
          <NativeSelect
            label="Withdrawal risk"
            value={withdrawalRisk}
            onChange={(event) => setWithdrawalRisk(event.currentTarget.value as AssessmentRequest['withdrawalRisk'])}
            data={['none', 'low', 'moderate', 'high', 'severe']}
            error={about('withdrawalRisk')}
          />
          <NativeSelect
            label="Co-occurring disorder"
            value={coOccurringDisorder}
            onChange={(event) => setCoOccurringDisorder(event.currentTarget.value as AssessmentRequest['coOccurringDisorder'])}
            data={['none', 'stable', 'not-stable']}
            error={about('coOccurringDisorder')}
          />
        </Group>
        <Checkbox.Group
          label="Obligations"
          value={obligations}
          onChange={(values) => setObligations(values as AssessmentRequest['obligations'])}
          error={about('obligations')}
        >
          <Group mt="xs">
            {['children', 'work', 'caregiving'].map((obligation) => (
              <Checkbox key={obligation} value={obligation} label={obligation} />
            ))}
          </Group>
        </Checkbox.Group>
        <Fieldset legend="Circumstances">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {FLAGS.map(([name, label]) => (
              <Checkbox
                key={name}
                label={label}
                checked={flags[name] ?? false}
                onChange={(event) => setFlags({ ...flags, [name]: event.currentTarget.checked })}
                error={about(name)}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <ProblemAlert error={assess.error} fields={DIMENSION_FIELDS} />
        <Group>
          <Button type="submit" loading={assess.isPending}>
            Record the assessment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
