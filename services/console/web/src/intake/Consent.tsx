// The Part 2 consent form (42 CFR 2.31(a)): each required element is checked live as it is
// filled (the list beside the form), and intake's own answer — every element it finds missing
// or wrong, with its citation — shows beside the field it names.
import { useState } from 'react';
import {
  Button,
  Checkbox,
  Fieldset,
  Grid,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type IntakeRequests } from '../api';
import { ProblemAlert, today, useWrite } from '../components/forms';
import { type IntakeRecord } from './record';

const CATEGORIES = ['diagnosis', 'screening-results', 'treatment-plan', 'attendance', 'medications', 'drug-test-results'];
const PURPOSES = [
  { value: 'TREAT', label: 'Treatment (TREAT)' },
  { value: 'HPAYMT', label: 'Payment (HPAYMT)' },
  { value: 'HOPERAT', label: 'Health care operations (HOPERAT)' },
];
const FIELDS = [
  'clientName',
  'disclosingParty',
  'information',
  'recipients',
  'purposes',
  'purposeDescription',
  'expiry',
  'signers',
  'signedOn',
  'statements',
];

export function Consent({ record }: { record: IntakeRecord }) {
  const policy = useQuery({
    queryKey: ['consent-policy'],
    queryFn: () => get<{ statementTexts: Record<string, string> }>('intake', 'consent-policy'),
    staleTime: Infinity,
  });
  const fullName = `${record.person.givenName} ${record.person.familyName}`;
  const [form, setForm] = useState({
    clientName: fullName,
    disclosingParty: '',
    description: '',
    categories: [] as string[],
    purposes: ['TREAT'],
    purposeDescription: '',
    expiryKind: 'event',
    expiresOn: '',
    signerName: fullName,
    clientIsMinor: false,
    signedOn: today(),
    statements: [] as string[],
  });
  const set = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [name]: event.currentTarget.value });
  const grant = useWrite<unknown, IntakeRequests['GrantConsentDto']>('intake', `clients/${record.clientId}/consents`, {
    invalidates: [['intake', record.clientId]],
  });
  const about = (field: string) => grant.error?.about(field);
  const texts = policy.data?.statementTexts ?? {};
  const checks: [string, boolean][] = [
    ['Client’s name', form.clientName.trim() !== ''],
    ['Who discloses (the programme)', form.disclosingParty.trim() !== ''],
    ['What information, how much', form.description.trim() !== '' && form.categories.length > 0],
    ['To whom (recipients)', true],
    ['Purpose of each disclosure', form.purposes.length > 0 && form.purposeDescription.trim() !== ''],
    ['When it expires', form.expiryKind === 'event' || form.expiresOn !== ''],
    ['Signature and date', form.signerName.trim() !== '' && form.signedOn !== ''],
    ['Required statements', Object.keys(texts).every((statement) => form.statements.includes(statement))],
  ];
  return (
    <form
      aria-labelledby="consent-title"
      onSubmit={(event) => {
        event.preventDefault();
        grant.mutate({
          clientName: form.clientName,
          disclosingParty: form.disclosingParty,
          information: { description: form.description, categories: form.categories },
          recipients: [{ kind: 'general', designation: 'treating-providers' }],
          purposes: form.purposes,
          purposeDescription: form.purposeDescription,
          expiry:
            form.expiryKind === 'date'
              ? { kind: 'date', expiresOn: form.expiresOn }
              : { kind: 'event', event: 'discharge', description: 'my discharge from the programme' },
          signers: [{ role: 'client', name: form.signerName }],
          clientIsMinor: form.clientIsMinor,
          signedOn: form.signedOn,
          statements: Object.fromEntries(form.statements.map((statement) => [statement, texts[statement]])),
        });
      }}
    >
      <Title order={3} id="consent-title" mb="sm">
        Part 2 consent for treatment
      </Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <TextInput
              label="Client’s name"
              value={form.clientName}
              onChange={set('clientName')}
              error={about('clientName')}
              required
              autoComplete="off"
            />
            <TextInput
              label="Who discloses"
              description="The programme, e.g. Continuum North IOP"
              value={form.disclosingParty}
              onChange={set('disclosingParty')}
              error={about('disclosingParty')}
              required
            />
            <Fieldset legend="Information to be disclosed">
              <Textarea
                label="Description"
                value={form.description}
                onChange={set('description')}
                error={about('information.description') ?? about('information')}
                required
              />
              <Checkbox.Group
                label="Categories"
                value={form.categories}
                onChange={(categories) => setForm({ ...form, categories })}
                error={about('information.categories')}
              >
                <Group mt="xs">
                  {CATEGORIES.map((category) => (
                    <Checkbox key={category} value={category} label={category} />
                  ))}
                </Group>
              </Checkbox.Group>
            </Fieldset>
            <Text size="sm">Recipients: the client’s treating providers (a general designation, 42 CFR 2.31(a)(4)(i)).</Text>
            <Checkbox.Group
              label="Purposes"
              value={form.purposes}
              onChange={(purposes) => setForm({ ...form, purposes })}
              error={about('purposes')}
            >
              <Group mt="xs">
                {PURPOSES.map((purpose) => (
                  <Checkbox key={purpose.value} value={purpose.value} label={purpose.label} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput
              label="Purpose, as written on the form"
              value={form.purposeDescription}
              onChange={set('purposeDescription')}
              error={about('purposeDescription')}
              required
            />
            <Group grow>
              <NativeSelect
                label="Expires"
                value={form.expiryKind}
                onChange={set('expiryKind')}
                data={[
                  { value: 'event', label: 'At discharge' },
                  { value: 'date', label: 'On a date' },
                ]}
                error={about('expiry')}
              />
              {form.expiryKind === 'date' && (
                <TextInput
                  type="date"
                  label="Expiry date"
                  value={form.expiresOn}
                  onChange={set('expiresOn')}
                  error={about('expiry.expiresOn')}
                  required
                />
              )}
            </Group>
            <Group grow>
              <TextInput
                label="Signed by (the client)"
                value={form.signerName}
                onChange={set('signerName')}
                error={about('signers')}
                required
                autoComplete="off"
              />
              <TextInput
                type="date"
                label="Signed on"
                value={form.signedOn}
                onChange={set('signedOn')}
                error={about('signedOn')}
                required
              />
            </Group>
            <Checkbox
              label="The client is a minor under the state’s rule (42 CFR 2.14)"
              checked={form.clientIsMinor}
              onChange={(event) => setForm({ ...form, clientIsMinor: event.currentTarget.checked })}
            />
            <Checkbox.Group
              label="Statements printed on the form"
              value={form.statements}
              onChange={(statements) => setForm({ ...form, statements })}
              error={about('statements')}
            >
              <Stack mt="xs" gap="xs">
                {Object.entries(texts).map(([statement, text]) => (
                  <Checkbox key={statement} value={statement} label={text} />
                ))}
              </Stack>
            </Checkbox.Group>
            <ProblemAlert error={grant.error} fields={FIELDS} />
            <Group>
              <Button type="submit" loading={grant.isPending}>
                Record the consent
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={4} size="h5" id="consent-checklist">
            Required elements
          </Title>
          <List aria-labelledby="consent-checklist" size="sm" mt="xs" data-testid="consent-checklist">
            {checks.map(([label, done]) => (
              <List.Item key={label}>
                {done ? '✓' : '○'} {label}
                <VisuallyHidden>{done ? ' (complete)' : ' (missing)'}</VisuallyHidden>
              </List.Item>
            ))}
          </List>
        </Grid.Col>
      </Grid>
    </form>
  );
}
