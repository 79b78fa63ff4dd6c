// npm run token -- --role clinician --site site-north [--site ...] [--user <id>] [--ttl 8h]
// Prints an HS256 token signed with JWT_SECRET — the services' embedded-mode default unless
// set — for local calls and the walkthrough script. The token goes to stdout alone, so
// `TOKEN=$(npm run -s token -- ...)` works.
import { DEV_JWT_SECRET, DevTokenRequestInvalid, mintDevToken, parseDevTokenArgs } from '@continuum/platform';

async function main(): Promise<number> {
  const secret = process.env.JWT_SECRET || DEV_JWT_SECRET;
  if (process.env.NODE_ENV === 'production' && secret === DEV_JWT_SECRET) {
    process.stderr.write('mint-token: refusing the development secret with NODE_ENV=production; production tokens come from the identity provider.\n');
    return 1;
  }
  try {
    const request = parseDevTokenArgs(process.argv.slice(2));
    const token = await mintDevToken(request, { secret, issuer: process.env.JWT_ISSUER || undefined, audience: process.env.JWT_AUDIENCE || undefined });
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DevTokenRequestInvalid) {
      process.stderr.write(`mint-token: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
