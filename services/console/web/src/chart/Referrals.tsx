// The client's referrals to co-occurring care, each with the disclosures it made (date,
// recipient, purpose and the legal basis with its citation): dual-diagnosis's answer, read
// under its rule for one referral.
import { Table, Text } from '@mantine/core';

export type Disclosure = {
  disclosureId: string;
  recipientId?: string;
  purpose: string;
  disclosedAt: string;
  basis?: { kind: string; citation: string };
};
export type Referral = {
  referralId: string;
  status: string;
  specialty: string;
  urgency: string;
  conditionCode: string;
  providerId?: string | null;
  openedAt: string;
  dueAt: string;
  disclosures: Disclosure[];
};

export function Referrals({ referrals }: { referrals: Referral[] }) {
  if (referrals.length === 0) return <Text size="sm">No referrals.</Text>;
  return (
    <Table data-testid="referrals" striped>
      <Table.Caption>Referrals, newest first, with the disclosures each made</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Opened</Table.Th>
          <Table.Th scope="col">Condition and specialty</Table.Th>
          <Table.Th scope="col">Status</Table.Th>
          <Table.Th scope="col">Disclosures</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {referrals.map((referral) => (
          <Table.Tr key={referral.referralId}>
            <Table.Td>{referral.openedAt.slice(0, 10)}</Table.Td>
            <Table.Td>
              {referral.conditionCode} · {referral.specialty} ({referral.urgency})
            </Table.Td>
            <Table.Td>
              {referral.status}
              {referral.providerId ? ` · ${referral.providerId}` : ''}
            </Table.Td>
            <Table.Td>
              {referral.disclosures.length === 0
                ? 'none'
                : referral.disclosures.map((disclosure) => (
                    <div key={disclosure.disclosureId}>
                      {disclosure.disclosedAt.slice(0, 10)} to {disclosure.recipientId ?? 'an emergency recipient'} for {disclosure.purpose}
                      {disclosure.basis ? ` (${disclosure.basis.citation})` : ''}
                    </div>
                  ))}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
