import { AccessDenied } from '../errors/problem-exceptions.js';
import { readableOnly } from './readable-only.js';

describe('the records of a client a reader may read', () => {
  const onlyNorth = async (site: string) => {
    if (site !== 'site-north') throw new AccessDenied(`not at ${site}`);
  };

  it('leaves out the ones refused', async () => {
    expect(await readableOnly(['site-north', 'site-south'], onlyNorth)).toEqual(['site-north']);
  });

  it('refuses with the first refusal when every one is refused, rather than answer an empty list', async () => {
    await expect(readableOnly(['site-south', 'site-east'], onlyNorth)).rejects.toThrow('not at site-south');
  });

  it('answers an empty list when there is nothing to read', async () => {
    expect(await readableOnly([], onlyNorth)).toEqual([]);
  });

  it('throws any other error as it is', async () => {
    await expect(
      readableOnly(['site-north'], async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
  });
});
