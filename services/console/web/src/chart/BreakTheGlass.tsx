// "Break the glass" on the chart: offered when a service refused a part of the chart because the
// user is not on the client's care team (and said the glass may be broken). A dialog asks why,
// by a code (chart/break-the-glass.ts), says that the access is recorded and that the site's
// clinical supervisor will review it, then records a grant at each service that refused, with
// the CSRF token and an Idempotency-Key as every write, and reads the chart's parts again.
// Rendered on every chart: it shows nothing while no service offers the glass.
import { useRef, useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ProblemError, send, type ServiceName } from '../api';
import { BREAK_THE_GLASS_REASONS, type BreakTheGlassReason } from './break-the-glass';

type Grant = { grantId: string; expiresAt: string };

export function BreakTheGlass({ clientId, siteId, services }: { clientId: string; siteId: string; services: readonly ServiceName[] }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<BreakTheGlassReason | ''>('');
  const [granted, setGranted] = useState<string>();
  // One key per service while the same grant may be retried (no answer); a new one once answered.
  const keys = useRef(new Map<ServiceName, string>());
  // The grants made so far: a retry after one service refused asks only the others.
  const made = useRef(new Map<ServiceName, Grant>());
  const keyFor = (service: ServiceName) => {
    if (!keys.current.has(service)) keys.current.set(service, crypto.randomUUID());
    return keys.current.get(service)!;
  };
  const grant = useMutation<Grant[], ProblemError, BreakTheGlassReason>({
    // One after another: a refusal stops before the next service is asked.
    mutationFn: async (code) => {
      for (const service of services) {
        if (made.current.has(service)) continue;
        try {
          made.current.set(
            service,
            await send<Grant>(service, 'POST', `clients/${clientId}/break-the-glass`, { siteId, reason: code }, keyFor(service)),
          );
          keys.current.delete(service);
        } catch (error) {
          if (error instanceof ProblemError && error.problem.status >= 400 && error.problem.status < 500) keys.current.delete(service);
          throw error;
        }
      }
      return [...made.current.values()];
    },
    onSuccess: async (grants) => {
      setOpen(false);
      const until = grants.map((one) => one.expiresAt).sort()[0];
      setGranted(until ? `${until.slice(11, 16)} UTC` : undefined);
      // Every part of the chart read again, now under the grants.
      await queryClient.invalidateQueries();
    },
  });

  if (granted)
    return (
      <Alert color="orange" title="You broke the glass" mb="md" role="status" data-testid="glass-broken">
        You may read this client's clinical record until {granted}. Your access is recorded and your site's clinical supervisor will review
        it.
      </Alert>
    );
  if (services.length === 0) return null;
  return (
    <>
      <Alert color="orange" title="Not on the care team" mb="md" data-testid="break-the-glass-offer">
        <Text size="sm" mb="xs">
          Parts of this chart are for the client's care team. In an emergency you may break the glass: your access is recorded, limited in
          time, and reviewed by your site's clinical supervisor.
        </Text>
        <Button color="red.9" onClick={() => setOpen(true)}>
          Break the glass
        </Button>
      </Alert>
      <Modal opened={open} onClose={() => setOpen(false)} title="Break the glass" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reason) grant.mutate(reason);
          }}
        >
          <Stack>
            <Radio.Group
              label="Why you need this record now"
              description="Choose the reason closest to yours: only the reason's code is recorded."
              value={reason}
              onChange={(value) => setReason(value as BreakTheGlassReason)}
              required
            >
              <Stack gap="xs" mt="xs">
                {BREAK_THE_GLASS_REASONS.map((option) => (
                  <Radio key={option.code} value={option.code} label={option.label} />
                ))}
              </Stack>
            </Radio.Group>
            <Text size="sm" data-testid="break-the-glass-confirmation">
              You will read this client's clinical record at {siteId} for a limited time ({services.join(', ')}). Your access and its reason
              are recorded, and your site's clinical supervisor will review whether it was justified.
            </Text>
            {grant.error && (
              <Alert color="red" title={grant.error.problem.title} role="alert">
                {grant.error.problem.detail}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red.9" loading={grant.isPending} disabled={!reason}>
                Break the glass and read the record
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
