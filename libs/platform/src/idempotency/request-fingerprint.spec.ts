import { canonicalJson, requestFingerprint } from './request-fingerprint.js';

const screening = {
  method: 'POST',
  path: '/api/v1/clients/client-1/screenings',
  query: {},
  principal: 'clinician-7',
  body: { instrument: 'PHQ-9', items: [1, 2, 3] },
};

describe('the fingerprint of a request', () => {
  it('is a SHA-256 that holds nothing of the body', () => {
    const fingerprint = requestFingerprint(screening);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain('PHQ');
  });

  it('is the same for the same body sent with another key order or spacing', () => {
    const reordered = JSON.parse('{ "items" : [1,2,3],\n  "instrument":"PHQ-9" }') as unknown;
    expect(requestFingerprint({ ...screening, body: reordered })).toBe(requestFingerprint(screening));
    expect(canonicalJson({ b: { d: 1, c: [{ f: 2, e: 3 }] }, a: null })).toBe('{"a":null,"b":{"c":[{"e":3,"f":2}],"d":1}}');
  });

  it('changes with each part of the request', () => {
    const base = requestFingerprint(screening);
    const variants = [
      { ...screening, method: 'PUT' },
      { ...screening, path: '/api/v1/clients/client-2/screenings' },
      { ...screening, query: { siteId: 'site-north' } },
      { ...screening, principal: 'clinician-8' },
      { ...screening, principal: undefined },
      { ...screening, body: { instrument: 'PHQ-9', items: [1, 2, 4] } },
      { ...screening, body: { instrument: 'PHQ-9', items: [3, 2, 1] } },
      { ...screening, body: undefined },
    ];
    const fingerprints = variants.map(requestFingerprint);
    for (const fingerprint of fingerprints) expect(fingerprint).not.toBe(base);
    expect(new Set(fingerprints).size).toBe(variants.length);
  });

  it('reads the method in any case and treats no query as an empty one', () => {
    expect(requestFingerprint({ ...screening, method: 'post', query: undefined })).toBe(requestFingerprint(screening));
  });

  it('cannot be matched by shifting text between the parts', () => {
    const a = requestFingerprint({ method: 'POST', path: '/a', principal: 'b', body: 'c' });
    const b = requestFingerprint({ method: 'POST', path: '/ab', principal: '', body: 'c' });
    expect(a).not.toBe(b);
  });
});
