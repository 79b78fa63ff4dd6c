// The buttons that page through a list read with a service's cursors (components/paging.ts).
import { Button, Group } from '@mantine/core';

/**
 * "Previous page" and "Next page". At either end the button stays in the tab order, dimmed and
 * announced as unavailable (aria-disabled), so the keyboard's focus is not lost when it is pressed
 * to the last page.
 */
export function PageButtons({
  label,
  onPrevious,
  onNext,
}: {
  /** What the group is named to a screen reader: "Pages of …". */
  label: string;
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
}) {
  return (
    <Group gap="xs" mt="sm" role="group" aria-label={label}>
      <Button
        size="xs"
        variant="default"
        data-disabled={!onPrevious || undefined}
        aria-disabled={!onPrevious}
        onClick={(event) => (onPrevious ? onPrevious() : event.preventDefault())}
      >
        Previous page
      </Button>
      <Button
        size="xs"
        variant="default"
        data-disabled={!onNext || undefined}
        aria-disabled={!onNext}
        onClick={(event) => (onNext ? onNext() : event.preventDefault())}
      >
        Next page
      </Button>
    </Group>
  );
}
