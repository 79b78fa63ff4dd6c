// The client chart: who and where (level, site, safety and consent flags), the level-of-care
// timeline, attendance against the level's weekly minimum, sobriety, medications and drug
// tests, the measures over time (PHQ-9, GAD-7, BARC-10), referrals and their disclosures, and
// aftercare with its check-ins. Each part is a read of the service that owns it, scoped by that
// service to the user's roles and sites; a part the user may not read says so.
import { Alert, Anchor, Badge, Card, Grid, Group, List, Loader, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { get, holdsAt, ProblemError, type ServiceName, type SessionUser } from '../api';
import { ProblemAlert } from '../components/forms';
import { type IntakeRecord, type Level, levelName } from '../intake/record';
import { Timeline, type Segment } from '../chart/Timeline';
import { BarChart, LineChart } from '../chart/BarChart';
import { StepChange } from '../chart/StepChange';
import { PlanTree, type PlanFacts } from '../chart/PlanTree';
import { Referrals, type Referral } from '../chart/Referrals';
import { AftercarePlans, Barc10Chart, type AftercarePlanRow, type Barc10Score, type CheckIn } from '../chart/Aftercare';
import { clientEpisodesQuery } from '../chart/episodes';
import { chartHeaderQuery } from '../chart/header';
import { BreakTheGlass } from '../chart/BreakTheGlass';
import { offersBreakTheGlass } from '../chart/break-the-glass';

type Episode = {
  episode: { status: string; episodeId: string; siteId: string; level: Level; startDate: string };
  timeline: Segment[];
  safetyHold: { isOnSafetyHold: boolean };
};
type Week = { weekStart: string; hours: number; minimum: number | null };
type PlanView = {
  plan: PlanFacts;
  asOf: string;
  sobriety: { days: number; evidencedDays: number; since: string };
  medications: { current: { medicationId?: string; rxnormCode?: string; name?: string; dose?: string }[] };
  toxicology: { useEpisodes: unknown[] };
  isReviewOverdue: boolean;
};
type Trend = { points: { administeredOn: string; score: number }[] };
const CLINICAL_WRITERS = ['clinician', 'prescriber'];
/** The weeks the attendance chart shows: the last twelve of the episode. */
const WEEKS_SHOWN = 12;

/** What a part of the chart the user may not read shows instead: the service's own words. */
function Unavailable({ error }: { error: unknown }) {
  return <Text size="sm">{(error as ProblemError).problem?.detail ?? 'Not available.'}</Text>;
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export default function Chart({ user }: { user: SessionUser }) {
  const { clientId = '' } = useParams();
  const queryClient = useQueryClient();
  // The header's parts in one round trip; the queries below then start with them (or ask again for a refused part).
  const header = useQuery(chartHeaderQuery(queryClient, clientId));
  const afterHeader = { enabled: !header.isPending, staleTime: 10_000 };
  // The parts below the header and timeline are asked for once the header is in: its reads go first.
  const belowTheFold = { enabled: !header.isPending };
  const record = useQuery({
    queryKey: ['intake', clientId],
    queryFn: () => get<IntakeRecord>('intake', `clients/${clientId}`),
    ...afterHeader,
  });
  const episodes = useQuery({
    ...clientEpisodesQuery(clientId),
    ...afterHeader,
    // Treatment-plan lists the episode a moment after it hears of the admission.
    refetchInterval: (query) => (record.data?.admissions.length && query.state.data?.items.length === 0 ? 1000 : false),
  });
  const episodeId = episodes.data?.items[0]?.episodeId;
  // Treatment-plan opens the episode when it hears of the admission: until then it answers 404.
  const untilOpened = {
    retry: (count: number, error: Error) => count < 30 && error instanceof ProblemError && error.problem.status === 404,
    retryDelay: 1000,
    enabled: !!episodeId,
  };
  const episode = useQuery({
    queryKey: ['episode', episodeId],
    queryFn: () => get<Episode>('treatment-plan', `episodes/${episodeId}`),
    ...untilOpened,
    staleTime: afterHeader.staleTime,
  });
  const plan = useQuery({
    queryKey: ['plan', episodeId],
    queryFn: () => get<PlanView>('treatment-plan', `plans/${episodeId}`),
    ...untilOpened,
    staleTime: afterHeader.staleTime,
  });
  const trends = useQuery({
    queryKey: ['trends', clientId],
    ...belowTheFold,
    queryFn: async () =>
      Object.fromEntries(
        await Promise.all(
          ['PHQ-9', 'GAD-7'].map(
            async (instrument) =>
              [instrument, await get<Trend>('intake', `clients/${clientId}/screenings/trend?instrument=${instrument}`)] as const,
          ),
        ),
      ),
  });
  const weeks = useQuery({
    queryKey: ['weeks', episodeId],
    queryFn: () => get<{ weeks: Week[] }>('treatment-plan', `plans/${episodeId}/weeks`),
    ...untilOpened,
  });
  const referrals = useQuery({
    queryKey: ['referrals', clientId],
    ...belowTheFold,
    queryFn: () => get<{ items: Referral[] }>('dual-diagnosis', `clients/${clientId}/referrals`),
  });
  const aftercare = useQuery({
    queryKey: ['aftercare', clientId],
    ...belowTheFold,
    queryFn: () => get<{ items: AftercarePlanRow[] }>('aftercare', `aftercare/clients/${clientId}/plans`),
  });
  const newestPlanId = aftercare.data?.items[0]?.planId;
  const aftercarePlan = useQuery({
    queryKey: ['aftercare-plan', newestPlanId],
    queryFn: () => get<{ checkIns: CheckIn[] }>('aftercare', `aftercare-plans/${newestPlanId}`),
    enabled: !!newestPlanId,
    retry: false,
  });
  const barc10 = useQuery({
    queryKey: ['barc-10', clientId],
    ...belowTheFold,
    queryFn: () => get<{ scores: Barc10Score[] }>('aftercare', `aftercare/clients/${clientId}/barc-10`),
    retry: false,
  });

  if (record.isPending) return <Loader aria-label="Loading the chart" />;
  if (record.error) return <ProblemAlert error={record.error as ProblemError} />;
  const client = record.data!;
  const current = episode.data?.episode;
  // The services that refused a part because the user is not on the care team, and offered the glass.
  const refusedBy = (
    [
      ['intake', [trends.error]],
      ['treatment-plan', [episode.error, plan.error, weeks.error]],
      ['dual-diagnosis', [referrals.error]],
      ['aftercare', [aftercare.error, aftercarePlan.error, barc10.error]],
    ] as [ServiceName, unknown[]][]
  )
    .filter(([, errors]) => errors.some(offersBreakTheGlass))
    .map(([service]) => service);
  const onHold = client.isOnSafetyHold || episode.data?.safetyHold.isOnSafetyHold;

  return (
    <>
      <Card withBorder mb="md" component="header" aria-label="Client" data-testid="chart-header">
        <Group justify="space-between">
          <div>
            <Title order={2}>
              {client.person.givenName} {client.person.familyName}
            </Title>
            <Text size="sm">
              Client {client.clientId.slice(0, 8)} · born {client.person.dateOfBirth} · {client.status}
            </Text>
          </div>
          <Group gap="xs">
            {current && (
              <Badge size="lg" color="indigo" data-testid="current-level">
                {levelName(current.level)}
              </Badge>
            )}
            <Badge size="lg" color="gray">
              {current?.siteId ?? client.siteId}
            </Badge>
            {onHold && (
              <Badge size="lg" color="red.9">
                Safety hold
              </Badge>
            )}
            <Badge size="lg" color={client.consents.length ? 'teal.9' : 'yellow'}>
              {client.consents.length
                ? `${client.consents.length} Part 2 consent${client.consents.length > 1 ? 's' : ''}`
                : 'No Part 2 consent'}
            </Badge>
          </Group>
        </Group>
      </Card>
      {onHold && (
        <Alert color="red" variant="filled" title="Safety hold" role="alert" mb="md">
          Imminent suicide risk was found. Only a level with 24-hour care can be chosen until a clinician records a suicide-risk assessment
          and a safety plan.
        </Alert>
      )}
      <BreakTheGlass clientId={clientId} siteId={episodes.data?.items[0]?.siteId ?? client.siteId} services={refusedBy} />
      {episodes.data && episodes.data.items.length === 0 && !client.admissions.length && (
        <Text mb="md">Not admitted yet: no care episode.</Text>
      )}
      {(holdsAt(user, 'auditor', undefined) || holdsAt(user, 'site-admin', client.siteId)) && (
        <Anchor component={Link} to={`/audit/clients/${clientId}`} mb="md" display="block">
          Audit history
        </Anchor>
      )}
      {current && current.status === 'open' && holdsAt(user, 'clinical-supervisor', current.siteId) && (
        <Anchor component={Link} to={`/clients/${clientId}/care-team`} mb="md" display="block">
          Assign the care team
        </Anchor>
      )}
      <Grid>
        <Grid.Col span={12}>
          <Section title="Level-of-care timeline" testId="timeline-section">
            {episode.isPending && episodeId && <Loader size="sm" aria-label="Loading the timeline" />}
            {episode.error && <ProblemAlert error={episode.error as ProblemError} />}
            {episode.data && <Timeline segments={episode.data.timeline} asOf={plan.data?.asOf ?? new Date().toISOString().slice(0, 10)} />}
            {current && current.status !== 'discharged' && CLINICAL_WRITERS.some((role) => holdsAt(user, role, current.siteId)) && (
              <StepChange episodeId={current.episodeId} current={current.level} record={client} />
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={12}>
          <Section title="Treatment plan" testId="plan-section">
            {plan.data ? <PlanTree plan={plan.data.plan} /> : <Text size="sm">{episodeId ? 'Loading…' : 'No plan yet.'}</Text>}
            {plan.data?.isReviewOverdue && (
              <Text size="sm" c="red.9" fw={600}>
                The plan's review is overdue.
              </Text>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Attendance per week">
            {weeks.error ? (
              <Unavailable error={weeks.error} />
            ) : weeks.data?.weeks.length ? (
              <BarChart
                title="Hours attended per week against the level's minimum"
                unit="hours"
                bars={weeks.data.weeks
                  .slice(-WEEKS_SHOWN)
                  .map((week) => ({ label: week.weekStart.slice(5), value: week.hours, target: week.minimum }))}
              />
            ) : (
              <Text size="sm">No attendance recorded.</Text>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Sobriety, drug tests and medication">
            {plan.data ? (
              <List size="sm">
                <List.Item>
                  Sober {plan.data.sobriety.days} days since {plan.data.sobriety.since} ({plan.data.sobriety.evidencedDays} backed by
                  evidence)
                </List.Item>
                <List.Item>{plan.data.toxicology.useEpisodes.length} use episodes from drug tests</List.Item>
                <List.Item>
                  Medications:{' '}
                  {plan.data.medications.current.length
                    ? plan.data.medications.current.map((medication, index) => (
                        <span key={index}>{medication.name ?? medication.rxnormCode ?? 'medication'} </span>
                      ))
                    : 'none'}
                </List.Item>
              </List>
            ) : (
              <Text size="sm">{episodeId ? 'Loading…' : 'No plan yet.'}</Text>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Measures over time">
            {trends.error && <Unavailable error={trends.error} />}
            {trends.data &&
              Object.entries(trends.data).map(([instrument, trend]) =>
                trend.points.length ? (
                  <div key={instrument}>
                    <Text size="sm" fw={600}>
                      {instrument}
                    </Text>
                    <LineChart
                      title={`${instrument} scores`}
                      max={instrument === 'PHQ-9' ? 27 : 21}
                      points={trend.points.map((point) => ({ label: point.administeredOn.slice(5), value: point.score }))}
                    />
                  </div>
                ) : (
                  <Text key={instrument} size="sm">
                    No {instrument} yet.
                  </Text>
                ),
              )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Recovery capital (BARC-10)">
            {barc10.error ? <Unavailable error={barc10.error} /> : barc10.data && <Barc10Chart scores={barc10.data.scores} />}
          </Section>
        </Grid.Col>
        <Grid.Col span={12}>
          <Section title="Referrals and disclosures" testId="referrals-section">
            {referrals.error ? <Unavailable error={referrals.error} /> : referrals.data && <Referrals referrals={referrals.data.items} />}
          </Section>
        </Grid.Col>
        <Grid.Col span={12}>
          <Section title="Aftercare" testId="aftercare-section">
            {aftercare.error ? (
              <Unavailable error={aftercare.error} />
            ) : (
              aftercare.data && (
                <>
                  <AftercarePlans plans={aftercare.data.items} checkIns={aftercarePlan.data?.checkIns} />
                  {aftercarePlan.error && <Unavailable error={aftercarePlan.error} />}
                </>
              )
            )}
          </Section>
        </Grid.Col>
      </Grid>
    </>
  );
}
