// The network overview (issue 21): treatment-plan's counts for programme directors (the sites
// they hold the role at) and network administrators (every site). Clients by site and level of
// care now (a chart, and the same figures as a table), admissions and discharges per ISO week,
// the median length of stay; filtered by site and period. No client is named, so the service
// records no read; the filters are the service's own query (a site id and two dates). Network
// administrators also record a site's places per level here: the census is read against them.
import { useEffect, useState } from 'react';
import { Button, Card, Group, Loader, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type ProblemError, type SessionUser, type TreatmentPlanRequests } from '../api';
import { BarChart } from '../chart/BarChart';
import { ProblemAlert, useWrite } from '../components/forms';
import { type Level, levelName, THIRD_EDITION_CODES } from '../intake/record';

export type Overview = {
  asOf: string;
  period: { from: string; to: string };
  sites: {
    siteId: string;
    clients: number;
    capacity: number | null;
    occupancy: number | null;
    levels: { level: Level; clients: number; capacity: number | null; occupancy: number | null }[];
  }[];
  weeks: { week: string; weekStart: string; admissions: number; discharges: number }[];
  lengthOfStay: { discharges: number; medianDays: number | null; levels: { level: Level; discharges: number; medianDays: number }[] };
};
type Filters = { siteId: string; from: string; to: string };

/** The service's query for the filters: only what is set (the service's defaults otherwise). */
export function overviewPath({ siteId, from, to }: Filters): string {
  const query = new URLSearchParams();
  if (siteId) query.set('siteId', siteId);
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const text = query.toString();
  return `network-overview${text ? `?${text}` : ''}`;
}

export default function NetworkOverview({ user }: { user: SessionUser }) {
  const [draft, setDraft] = useState<Filters>({ siteId: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const overview = useQuery({
    queryKey: ['network-overview', filters],
    queryFn: () => get<Overview>('treatment-plan', overviewPath(filters)),
  });
  // A programme director chooses among their sites; a network administrator among those the network answers.
  const directed = Object.entries(user.siteRoles)
    .filter(([, roles]) => roles.includes('programme-director'))
    .map(([siteId]) => siteId);
  const [known, setKnown] = useState<string[]>([]);
  useEffect(() => {
    const answered = overview.data?.sites.map((site) => site.siteId) ?? [];
    setKnown((before) => (answered.every((siteId) => before.includes(siteId)) ? before : [...new Set([...before, ...answered])]));
  }, [overview.data]);
  const siteChoices = [...new Set([...directed, ...known])].sort();

  return (
    <Stack>
      <Title order={2}>Network overview</Title>
      <Card withBorder>
        <form
          aria-label="Filters"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          <Group align="end">
            <NativeSelect
              label="Site"
              value={draft.siteId}
              onChange={(event) => setDraft({ ...draft, siteId: event.currentTarget.value })}
              data={[{ value: '', label: 'Every site of yours' }, ...siteChoices.map((siteId) => ({ value: siteId, label: siteId }))]}
            />
            <TextInput
              type="date"
              label="From"
              description="Empty: eleven weeks before the last day's week"
              value={draft.from}
              onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
            />
            <TextInput
              type="date"
              label="To"
              description="Empty: today"
              value={draft.to}
              onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
            />
            <Button type="submit">Show</Button>
          </Group>
        </form>
      </Card>
      {overview.isPending && <Loader aria-label="Loading the overview" />}
      <ProblemAlert error={overview.error as ProblemError | null} />
      {overview.data && <Figures overview={overview.data} />}
      {user.role === 'network-admin' && <SiteCapacityForm overview={overview.data} />}
    </Stack>
  );
}

/** Places and occupancy as the census table shows them. */
const placesText = (capacity: number | null) => (capacity === null ? 'not recorded' : String(capacity));
const occupancyText = (occupancy: number | null) => (occupancy === null ? '' : `${Math.round(occupancy * 100)} %`);

/** A level from the service's `<edition>-<code>` key, e.g. 3-3.5. */
const levelOfKey = (key: string) => ({ edition: Number(key.slice(0, key.indexOf('-'))), code: key.slice(key.indexOf('-') + 1) }) as Level;

/**
 * A network administrator states a site's places per level whole (as the service records it): the
 * levels already recorded for the site start filled in, an empty field records none at that level.
 */
function SiteCapacityForm({ overview }: { overview: Overview | undefined }) {
  const [siteId, setSiteId] = useState('');
  const [places, setPlaces] = useState<Record<string, string>>({});
  const record = useWrite<{ siteId: string; levels: Record<string, number> }, TreatmentPlanRequests['SiteCapacityDto']>(
    'treatment-plan',
    `sites/${encodeURIComponent(siteId.trim())}/capacity`,
    { method: 'PUT', invalidates: [['network-overview']] },
  );
  const choose = (chosen: string) => {
    setSiteId(chosen);
    const recorded = overview?.sites.find((site) => site.siteId === chosen.trim())?.levels ?? [];
    setPlaces(
      Object.fromEntries(
        recorded.flatMap((entry) =>
          entry.capacity === null ? [] : [[`${entry.level.edition}-${entry.level.code}`, String(entry.capacity)]],
        ),
      ),
    );
  };
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm" id="site-capacity-title">
        Site capacity
      </Title>
      <form
        aria-labelledby="site-capacity-title"
        onSubmit={(event) => {
          event.preventDefault();
          const levels = Object.fromEntries(
            Object.entries(places).flatMap(([key, value]) => (value.trim() === '' ? [] : [[key, Number(value)]])),
          );
          record.mutate({ levels });
        }}
      >
        <Stack>
          <Text size="sm">
            The places a site holds at each level of care (ASAM 3rd edition), stated whole: a level left empty has none recorded.
          </Text>
          <TextInput label="Site id" required value={siteId} onChange={(event) => choose(event.currentTarget.value)} autoComplete="off" />
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            {THIRD_EDITION_CODES.map((code) => {
              const key = `3-${code}`;
              return (
                <TextInput
                  key={key}
                  type="number"
                  min={0}
                  step={1}
                  label={`Places at ${levelName({ edition: 3, code } as Level)}`}
                  value={places[key] ?? ''}
                  onChange={(event) => setPlaces({ ...places, [key]: event.currentTarget.value })}
                  error={record.error?.about(`levels.${key}`)}
                />
              );
            })}
          </SimpleGrid>
          <ProblemAlert error={record.error} fields={['levels']} />
          {record.isSuccess && (
            <Text size="sm" role="status" data-testid="site-capacity-saved">
              The capacity of {record.data.siteId} is recorded:{' '}
              {Object.entries(record.data.levels)
                .map(([key, count]) => `${count} at ${levelName(levelOfKey(key))}`)
                .join(', ') || 'no places'}
              .
            </Text>
          )}
          <Button type="submit" loading={record.isPending} disabled={siteId.trim() === ''}>
            Record the capacity
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function Figures({ overview }: { overview: Overview }) {
  const { sites, weeks, lengthOfStay } = overview;
  return (
    <>
      <Text size="sm" data-testid="overview-period">
        Period {overview.period.from} to {overview.period.to}; census as of {overview.asOf}.
      </Text>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          Clients by site and level of care (open episodes now)
        </Title>
        {sites.length === 0 && <Text>No open episode at these sites.</Text>}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {sites.map((site) => (
            <div key={site.siteId}>
              <Text fw={600}>{site.siteId}</Text>
              <BarChart
                title={`Clients at ${site.siteId} by level of care`}
                unit="clients"
                bars={site.levels.map((entry) => ({ label: entry.level.code, value: entry.clients }))}
              />
            </div>
          ))}
        </SimpleGrid>
        {sites.length > 0 && (
          <Table aria-label="Clients by site and level of care" data-testid="overview-census" mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Site</Table.Th>
                <Table.Th scope="col">Level of care</Table.Th>
                <Table.Th scope="col">Clients</Table.Th>
                <Table.Th scope="col">Places</Table.Th>
                <Table.Th scope="col">Occupancy</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sites.flatMap((site) => [
                ...site.levels.map((entry) => (
                  <Table.Tr key={`${site.siteId}-${entry.level.edition}-${entry.level.code}`}>
                    <Table.Td>{site.siteId}</Table.Td>
                    <Table.Td>{levelName(entry.level)}</Table.Td>
                    <Table.Td>{entry.clients}</Table.Td>
                    <Table.Td>{placesText(entry.capacity)}</Table.Td>
                    <Table.Td>{occupancyText(entry.occupancy)}</Table.Td>
                  </Table.Tr>
                )),
                <Table.Tr key={`${site.siteId}-all`} fw={600}>
                  <Table.Td>{site.siteId}</Table.Td>
                  <Table.Td>every level</Table.Td>
                  <Table.Td>{site.clients}</Table.Td>
                  <Table.Td>{placesText(site.capacity)}</Table.Td>
                  <Table.Td>{occupancyText(site.occupancy)}</Table.Td>
                </Table.Tr>,
              ])}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          Admissions and discharges per ISO week
        </Title>
        <Table aria-label="Admissions and discharges per ISO week" data-testid="overview-weeks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Week</Table.Th>
              <Table.Th scope="col">Starts</Table.Th>
              <Table.Th scope="col">Admissions</Table.Th>
              <Table.Th scope="col">Discharges</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week) => (
              <Table.Tr key={week.week}>
                <Table.Td>{week.week}</Table.Td>
                <Table.Td>{week.weekStart}</Table.Td>
                <Table.Td>{week.admissions}</Table.Td>
                <Table.Td>{week.discharges}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          Length of stay
        </Title>
        <Text data-testid="overview-length-of-stay">
          {lengthOfStay.medianDays === null
            ? 'No discharge in the period.'
            : `Median ${lengthOfStay.medianDays} days over ${lengthOfStay.discharges} discharges.`}
        </Text>
        {lengthOfStay.levels.length > 0 && (
          <Table aria-label="Median length of stay by the level each episode ended at" mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Level of care at discharge</Table.Th>
                <Table.Th scope="col">Discharges</Table.Th>
                <Table.Th scope="col">Median days</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lengthOfStay.levels.map((entry) => (
                <Table.Tr key={`${entry.level.edition}-${entry.level.code}`}>
                  <Table.Td>{levelName(entry.level)}</Table.Td>
                  <Table.Td>{entry.discharges}</Table.Td>
                  <Table.Td>{entry.medianDays}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
