// Aftercare on the chart: the client's plans (one per discharge), the check-ins of the newest
// with their outcomes, and the BARC-10 totals over time (Brief Assessment of Recovery Capital,
// 10–60; aftercare marks the network's strong-recovery-capital cutoff).
import { Table, Text } from '@mantine/core';
import { LineChart } from './BarChart';

export type AftercarePlanRow = { planId: string; status: string; dischargeDate: string; endsOn: string; nextScheduledDue?: string | null };
export type CheckIn = {
  day: number;
  dueDate: string;
  status: string;
  outcome?: string;
  barc10?: { total: number; isStrongRecoveryCapital: boolean } | null;
};
export type Barc10Score = { planId: string; date: string; total: number; isStrongRecoveryCapital: boolean };

export function AftercarePlans({ plans, checkIns }: { plans: AftercarePlanRow[]; checkIns?: CheckIn[] }) {
  if (plans.length === 0) return <Text size="sm">No aftercare plan: the client has not been discharged.</Text>;
  const newest = plans[0]!;
  return (
    <>
      <Text size="sm" mb="xs" data-testid="aftercare-plan">
        Continuing care {newest.status} since the discharge on {newest.dischargeDate}, until {newest.endsOn}
        {newest.nextScheduledDue ? `; next check-in due ${newest.nextScheduledDue}` : ''}.
        {plans.length > 1 ? ` ${plans.length - 1} earlier plan(s).` : ''}
      </Text>
      {checkIns && (
        <Table data-testid="check-ins">
          <Table.Caption>Check-ins of the newest plan</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Day</Table.Th>
              <Table.Th scope="col">Due</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Outcome</Table.Th>
              <Table.Th scope="col">BARC-10</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checkIns.map((checkIn) => (
              <Table.Tr key={checkIn.dueDate}>
                <Table.Td>{checkIn.day}</Table.Td>
                <Table.Td>{checkIn.dueDate}</Table.Td>
                <Table.Td>{checkIn.status}</Table.Td>
                <Table.Td>{checkIn.outcome ?? ''}</Table.Td>
                <Table.Td>{checkIn.barc10 ? checkIn.barc10.total : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

export function Barc10Chart({ scores }: { scores: Barc10Score[] }) {
  if (scores.length === 0) return <Text size="sm">No BARC-10 yet.</Text>;
  const latest = scores.at(-1)!;
  return (
    <div data-testid="barc-10">
      <LineChart title="BARC-10 totals" max={60} points={scores.map((score) => ({ label: score.date.slice(5), value: score.total }))} />
      <Text size="sm">
        Latest {latest.total} of 60 on {latest.date}:{' '}
        {latest.isStrongRecoveryCapital ? 'strong recovery capital' : 'below the strong range'}.
      </Text>
    </div>
  );
}
