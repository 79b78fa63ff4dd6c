// A chart's page names the chart's chunks and its first two reads for preloading, the work
// queues their chunks, the session and the signed-in user's first tab; other pages nothing more;
// nothing but a client id or a site id the session holds (escaped) is ever written into the page.
import { describe, expect, it } from '@jest/globals';
import { PagePreloads } from './page-preloads.js';

const manifest = JSON.stringify({
  'index.html': { file: 'assets/index-A.js', imports: ['_api-B.js'] },
  '_api-B.js': { file: 'assets/api-B.js' },
  'src/pages/Chart.tsx': { file: 'assets/Chart-C.js', imports: ['_api-B.js', '_episodes-D.js'] },
  '_episodes-D.js': { file: 'assets/episodes-D.js', imports: ['_record-E.js'] },
  '_record-E.js': { file: 'assets/record-E.js' },
  'src/pages/WorkQueues.tsx': { file: 'assets/WorkQueues-F.js', imports: ['_api-B.js', '_forms-G.js'] },
  '_forms-G.js': { file: 'assets/forms-G.js' },
});
const index =
  '<script type="module" crossorigin src="/assets/index-A.js"></script><link rel="modulepreload" crossorigin href="/assets/api-B.js">';
const CLIENT = '3f2b1c0d-aaaa-4bbb-8ccc-123456789abc';

describe('what a page preloads', () => {
  it('at a chart: the chart’s chunks not already in the page, the session and the chart’s header', () => {
    const links = new PagePreloads(manifest, index).linksFor(`/clients/${CLIENT}`);
    expect(links.split('\n').map((line) => line.trim())).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/Chart-C.js">',
      '<link rel="modulepreload" crossorigin href="/assets/episodes-D.js">',
      '<link rel="modulepreload" crossorigin href="/assets/record-E.js">',
      '<link rel="preload" as="fetch" crossorigin href="/api/v1/session">',
      `<link rel="preload" as="fetch" crossorigin href="/api/v1/chart/${CLIENT}/header">`,
    ]);
  });

  it('at the work queues: the queues page’s chunks not already in the page and the session (its reads need the session’s roles)', () => {
    const links = new PagePreloads(manifest, index).linksFor('/queues');
    expect(links.split('\n').map((line) => line.trim())).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/WorkQueues-F.js">',
      '<link rel="modulepreload" crossorigin href="/assets/forms-G.js">',
      '<link rel="preload" as="fetch" crossorigin href="/api/v1/session">',
    ]);
  });

  it('at the work queues, signed in: also the first page of the first tab the user has at their first site', () => {
    const nurse = { role: 'nurse', sites: ['site-north', 'site-south'], siteRoles: { 'site-north': ['nurse'], 'site-south': ['nurse'] } };
    expect(new PagePreloads(manifest, index).linksFor('/queues', () => nurse)).toContain(
      '<link rel="preload" as="fetch" crossorigin href="/api/v1/services/intake/safety-follow-ups?siteId=site-north&amp;limit=25">',
    );
    // A site administrator is not admitted to the safety follow-ups: the first tab is the overdue reviews.
    const admin = { role: 'site-admin', sites: ['site-south'], siteRoles: { 'site-south': ['site-admin'] } };
    const links = new PagePreloads(manifest, index).linksFor('/queues', () => admin);
    expect(links.split('\n').filter((line) => line.includes('/api/v1/services/'))).toEqual([
      '    <link rel="preload" as="fetch" crossorigin href="/api/v1/services/treatment-plan/reviews/overdue?siteId=site-south&amp;limit=25">',
    ]);
  });

  it('asks who is signed in only for the work queues (other pages look up no session)', () => {
    const asked: string[] = [];
    const preloads = new PagePreloads(manifest, index);
    for (const url of ['/', `/clients/${CLIENT}`, '/queues']) preloads.linksFor(url, () => void asked.push(url));
    expect(asked).toEqual(['/queues']);
  });

  it('at the work queues: no queue read for a user with no queue, and a site id is written encoded', () => {
    const auditor = { role: 'auditor', sites: [], siteRoles: {} };
    expect(new PagePreloads(manifest, index).linksFor('/queues', () => auditor)).not.toContain('/api/v1/services/');
    const odd = { role: 'nurse', sites: ['"><script>'], siteRoles: { '"><script>': ['nurse'] } };
    const links = new PagePreloads(manifest, index).linksFor('/queues', () => odd);
    expect(links).not.toContain('<script>');
    expect(links).toContain('siteId=%22%3E%3Cscript%3E&amp;limit=25');
    // A site id cannot add a parameter to the read either.
    const ampersand = { role: 'nurse', sites: ['north&status=all'], siteRoles: { 'north&status=all': ['nurse'] } };
    expect(new PagePreloads(manifest, index).linksFor('/queues', () => ampersand)).toContain('siteId=north%26status%3Dall&amp;limit=25');
  });

  it.each(['/', '/intake', '/queues/x', `/clients/${CLIENT}/care-team`, '/clients/"><script>alert(1)</script>', `/clients/${CLIENT}x`])(
    'nothing for %s',
    (url) => expect(new PagePreloads(manifest, index).linksFor(url)).toBe(''),
  );

  it('only the reads when the build has no manifest', () => {
    expect(new PagePreloads(undefined, index).linksFor(`/clients/${CLIENT}`)).not.toContain('modulepreload');
  });
});
