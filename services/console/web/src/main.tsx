import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type CSSVariablesResolver, MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { sessionQuery } from './api';
import { CHART_PATH, chartHeaderQuery } from './chart/header';
import { prefetchFirstPages } from './queues/queue-page';

// Queries are not retried on a refusal (4xx): the page shows the problem instead.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => count < 2 && !(error instanceof Error && 'problem' in error), refetchOnWindowFocus: false },
  },
});
// Opened at a chart's address, its header is asked for beside the session's read, not after it.
const chartAt = CHART_PATH.exec(window.location.pathname);
if (chartAt) void queryClient.prefetchQuery(chartHeaderQuery(queryClient, chartAt[1]!));
// Opened at the work queues, the first page of each tab at the user's first site is asked for as
// soon as the session answers, not after the page's code has loaded and rendered once: the same
// reads, with the same keys, as the page makes (a read a service refuses is the page's to hide).
if (window.location.pathname === '/queues')
  void queryClient.fetchQuery(sessionQuery).then(
    (answer) => answer.signedIn && prefetchFirstPages(queryClient, answer.user),
    // The page shows the session's failure itself.
    () => undefined,
  );
// Colours with at least 4.5:1 contrast on white for text (WCAG 2.2 AA).
// Filled colours at shade 8, and text on them chosen for contrast (autoContrast).
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, autoContrast: true });
// Mantine's dimmed grey (descriptions, hints) is 3.3:1 on white, and the light variants' text
// (alert titles) is shade 6: both darkened to pass WCAG AA.
const LIGHT_COLOURS = ['red', 'orange', 'yellow', 'green', 'teal', 'indigo', 'blue', 'gray'];
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    ...Object.fromEntries(LIGHT_COLOURS.map((colour) => [`--mantine-color-${colour}-light-color`, `var(--mantine-color-${colour}-9)`])),
    // Shade 9 of orange and yellow is still under 4.5:1 on their light backgrounds.
    '--mantine-color-orange-light-color': 'var(--mantine-color-black)',
    '--mantine-color-yellow-light-color': 'var(--mantine-color-black)',
  },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={contrast}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
