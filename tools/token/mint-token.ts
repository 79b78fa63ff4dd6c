// npm run token -- --role clinician --site site-north [--site ...] [--user <id>] [--ttl 8h]
// Prints an HS256 token signed with JWT_SECRET — the services' embedded-mode default unless
// set — for local calls and the walkthrough script. The token goes to stdout alone, so
// `TOKEN=$(npm run -s token -- ...)` works.
import { DEV_JWT_SECRET, DevTokenRequestInvalid, MINT_TOKEN_USAGE, mintDevToken, parseDevTokenArgs } from '@continuum/platform';
import { commandLine, fail, parseErrorMessage, usageError } from '../cli/command-line.js';

const cli = commandLine({
  name: 'token',
  usage: `${MINT_TOKEN_USAGE}

Prints a bearer token for the services in embedded mode (HS256), alone on stdout:
  TOKEN=$(npm run -s token -- --role clinician --site site-north)

options:
  --role <role>     the role held (repeatable)
  --site <siteId>   a site the staff roles are held at (repeatable; not for the network
                    roles auditor and network-admin)
  --user <id>       the token's subject (default dev-<role>)
  --ttl <span>      how long it is valid: 30m, 8h (default 8h; at most JWT_MAX_LIFETIME_SECONDS,
                    12 h unless set, as the services refuse longer-lived tokens)
  -h, --help        this text
environment: JWT_SECRET (default: the services' development secret; refused with
             NODE_ENV=production), JWT_ISSUER, JWT_AUDIENCE (set when the services check them),
             JWT_MAX_LIFETIME_SECONDS (as the services have it)`,
});

await cli.run(async () => {
  const argv = process.argv.slice(2);
  // The options are parseDevTokenArgs's (libs/platform); --help comes first, and needs no secret.
  cli.helpIfAsked(argv);
  const secret = process.env.JWT_SECRET || DEV_JWT_SECRET;
  if (process.env.NODE_ENV === 'production' && secret === DEV_JWT_SECRET) {
    fail('refusing the development secret with NODE_ENV=production; production tokens come from the identity provider');
  }
  let request;
  try {
    const maxLifetime = Number(process.env.JWT_MAX_LIFETIME_SECONDS) || undefined;
    request = parseDevTokenArgs(argv, maxLifetime);
  } catch (error) {
    // node:util's messages said in our words; the usage is --help's.
    if (error instanceof DevTokenRequestInvalid) usageError(parseErrorMessage(error));
    throw error;
  }
  const token = await mintDevToken(request, {
    secret,
    issuer: process.env.JWT_ISSUER || undefined,
    audience: process.env.JWT_AUDIENCE || undefined,
  });
  process.stdout.write(`${token}\n`);
});
