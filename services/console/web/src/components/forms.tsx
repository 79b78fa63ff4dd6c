import { useRef } from 'react';
import { Alert } from '@mantine/core';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ProblemError, send, type ServiceName } from '../api';

/**
 * A write to a service. The Idempotency-Key is kept while the same request may be retried (the
 * console or the service did not answer) and replaced once the service has answered, so a
 * corrected form is a new request and a resent one is the same.
 */
export function useWrite<T, Body>(
  service: ServiceName,
  path: string,
  options: { method?: 'POST' | 'PUT'; invalidates?: QueryKey[]; onDone?: (answer: T) => void } = {},
) {
  const key = useRef<string>(crypto.randomUUID());
  const queryClient = useQueryClient();
  return useMutation<T, ProblemError, Body>({
    mutationFn: (body) => send<T>(service, options.method ?? 'POST', path, body, key.current),
    onSettled: (_answer, error) => {
      if (!error || (error.problem.status >= 400 && error.problem.status < 500)) key.current = crypto.randomUUID();
    },
    onSuccess: async (answer) => {
      for (const queryKey of options.invalidates ?? []) await queryClient.invalidateQueries({ queryKey });
      options.onDone?.(answer);
    },
  });
}

/** The problem the service answered, when it names no field of the form (those show beside their field). */
export function ProblemAlert({ error, fields = [] }: { error: ProblemError | null; fields?: string[] }) {
  if (!error) return null;
  const unplaced = (error.problem.errors ?? []).filter(
    (item) => !fields.some((field) => item.field === field || item.field.startsWith(`${field}.`) || item.field.startsWith(`${field}[`)),
  );
  return (
    <Alert color="red" title={error.problem.title} role="alert" data-testid="problem">
      {error.problem.detail}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((item) => (
            <li key={item.field}>
              {item.field}: {item.problem}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

export const today = () => new Date().toISOString().slice(0, 10);
