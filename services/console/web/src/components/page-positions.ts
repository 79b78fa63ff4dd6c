// Where each paged list of a page is (a site's clients, a site's queue), kept while another is
// shown: the state behind the pages' Previous and Next (components/paging.ts).
import { useState } from 'react';
import { FIRST_PAGE, type PagePosition } from './paging';

export function usePagePositions() {
  const [positions, setPositions] = useState<Record<string, PagePosition>>({});
  return {
    positionOf: (list: string): PagePosition => positions[list] ?? FIRST_PAGE,
    moveTo: (list: string, position: PagePosition) => setPositions((all) => ({ ...all, [list]: position })),
  };
}
