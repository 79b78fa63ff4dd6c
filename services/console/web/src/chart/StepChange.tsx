// A level-of-care change from the chart: the new level, the coded reason and the evidence the
// decision rests on (one of the client's screenings or the assessment), effective today.
import { useState } from 'react';
import { Button, Group, NativeSelect, Stack, Title } from '@mantine/core';
import { type TreatmentPlanRequests } from '../api';
import { ProblemAlert, today, useWrite } from '../components/forms';
import { type IntakeRecord, type Level, levelName, THIRD_EDITION_CODES } from '../intake/record';

type Change = TreatmentPlanRequests['ChangeLevelDto'];
const REASONS: Change['reason']['code'][] = [
  'relapse',
  'worsening-scores',
  'withdrawal-risk',
  'safety-risk',
  'co-occurring-condition',
  'clinical-progress',
  'treatment-goals-met',
  'payer-decision',
  'client-choice',
  'programme-availability',
  'other',
];

export function StepChange({ episodeId, current, record }: { episodeId: string; current: Level; record: IntakeRecord }) {
  const evidence = [
    ...(record.assessment ? [{ value: `assessment:${record.assessment.assessmentId}`, label: 'The intake assessment' }] : []),
    ...(record.screenings ?? []).map((screening) => ({
      value: `screening:${screening.screeningId}`,
      label: `Screening ${screening.outcome.instrument}${screening.outcome.score !== undefined ? ` (score ${screening.outcome.score})` : ''}`,
    })),
  ];
  const [to, setTo] = useState(THIRD_EDITION_CODES.find((code) => code > current.code) ?? current.code);
  const [reason, setReason] = useState<Change['reason']['code']>('worsening-scores');
  const [cited, setCited] = useState(evidence[0]?.value ?? '');
  const change = useWrite<unknown, TreatmentPlanRequests['ChangeLevelDto']>('treatment-plan', `episodes/${episodeId}/level-changes`, {
    invalidates: [
      ['episode', episodeId],
      ['plan', episodeId],
    ],
  });
  return (
    <form
      aria-labelledby="level-change-title"
      onSubmit={(event) => {
        event.preventDefault();
        const [kind, id = ''] = cited.split(/:(.*)/s) as [Change['evidence'][number]['kind'], string];
        change.mutate({
          from: current,
          to: { edition: current.edition, code: to },
          reason: { code: reason },
          evidence: cited ? [{ kind, id }] : [],
          effectiveDate: today(),
        });
      }}
    >
      <Stack>
        <Title order={3} size="h4" id="level-change-title">
          Change the level of care
        </Title>
        <Group grow align="flex-start">
          <NativeSelect
            label="New level"
            value={to}
            onChange={(event) => setTo(event.currentTarget.value)}
            data={THIRD_EDITION_CODES.map((value) => ({ value, label: levelName({ edition: current.edition, code: value }) }))}
            error={change.error?.about('to')}
          />
          <NativeSelect
            label="Reason"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value as Change['reason']['code'])}
            data={REASONS}
            error={change.error?.about('reason')}
          />
          <NativeSelect
            label="Evidence"
            value={cited}
            onChange={(event) => setCited(event.currentTarget.value)}
            data={evidence}
            error={change.error?.about('evidence')}
          />
        </Group>
        <ProblemAlert error={change.error} fields={['to', 'reason', 'evidence']} />
        <Group>
          <Button type="submit" loading={change.isPending}>
            Change the level
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
