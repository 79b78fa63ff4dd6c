// The care-team screen: the site's clinical supervisor names the episode's clinician,
// prescriber, case manager and nurse (one each), stated whole. The team decides who reads the
// client's clinical detail in every service, so treatment-plan admits only the supervisor here.
import { useEffect, useRef, useState } from 'react';
import { Anchor, Button, Card, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { get, type ProblemError, type TreatmentPlanRequests } from '../api';
import { ProblemAlert, useWrite } from '../components/forms';
import { clientEpisodesQuery } from '../chart/episodes';

type Member = TreatmentPlanRequests['CareTeamMemberDto'];
const TEAM_ROLES: { role: Member['teamRole']; label: string }[] = [
  { role: 'clinician', label: 'Clinician' },
  { role: 'prescriber', label: 'Prescriber' },
  { role: 'case-manager', label: 'Case manager' },
  { role: 'nurse', label: 'Nurse' },
];

export default function CareTeam() {
  const { clientId = '' } = useParams();
  const episodes = useQuery(clientEpisodesQuery(clientId));
  const episode = episodes.data?.items.find((item) => item.status === 'open');
  const plan = useQuery({
    queryKey: ['plan', episode?.episodeId],
    queryFn: () => get<{ plan: { careTeam?: Member[] } }>('treatment-plan', `plans/${episode!.episodeId}`),
    enabled: !!episode,
  });
  const [team, setTeam] = useState<Record<string, string>>({});
  // The roles in the order last sent: the service names a member by its place in the list.
  const sent = useRef<string[]>([]);
  useEffect(() => {
    if (plan.data) setTeam(Object.fromEntries((plan.data.plan.careTeam ?? []).map((member) => [member.teamRole, member.userId])));
  }, [plan.data]);
  const change = useWrite<{ members: Member[] }, TreatmentPlanRequests['ChangeCareTeamDto']>(
    'treatment-plan',
    `episodes/${episode?.episodeId}/care-team`,
    { method: 'PUT', invalidates: [['plan', episode?.episodeId]] },
  );

  if (episodes.isPending) return <Loader aria-label="Loading the episodes" />;
  if (episodes.error) return <ProblemAlert error={episodes.error as ProblemError} />;
  // The form states the team whole: it shows once the current team is known, never empty in its stead.
  if (episode && plan.isPending) return <Loader aria-label="Loading the care team" />;
  if (plan.error) return <ProblemAlert error={plan.error as ProblemError} />;
  return (
    <Card withBorder maw={520}>
      <Title order={2} size="h3" mb="sm" id="care-team-title">
        Care team
      </Title>
      {!episode ? (
        <Text size="sm">The client has no open care episode.</Text>
      ) : (
        <form
          aria-labelledby="care-team-title"
          onSubmit={(event) => {
            event.preventDefault();
            const members = TEAM_ROLES.flatMap(({ role }) => (team[role]?.trim() ? [{ userId: team[role]!.trim(), teamRole: role }] : []));
            sent.current = members.map((member) => member.teamRole);
            change.mutate({ members });
          }}
        >
          <Stack>
            <Text size="sm">
              Episode at {episode.siteId} since {episode.startDate}. Give each member's user id; leave a role empty to have no one in it.
            </Text>
            {TEAM_ROLES.map(({ role, label }) => (
              <TextInput
                key={role}
                label={label}
                value={team[role] ?? ''}
                onChange={(event) => setTeam({ ...team, [role]: event.currentTarget.value })}
                error={sent.current.includes(role) ? change.error?.about(`members.${sent.current.indexOf(role)}`) : undefined}
                autoComplete="off"
              />
            ))}
            <ProblemAlert error={change.error} fields={['members']} />
            {change.isSuccess && (
              <Text size="sm" role="status" data-testid="care-team-saved">
                The care team is saved: {change.data.members.map((member) => `${member.teamRole} ${member.userId}`).join(', ') || 'nobody'}.
              </Text>
            )}
            <Button type="submit" loading={change.isPending}>
              Save the care team
            </Button>
            <Anchor component={Link} to={`/clients/${clientId}`}>
              Back to the chart
            </Anchor>
          </Stack>
        </form>
      )}
    </Card>
  );
}
