import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevKeys, mintDevToken } from '../dev-keys';
import { isRole, ROLES } from '../principal';

const USAGE = 'usage: dev-token --role <role> [--role <role>] [--country AL] [--org <id>] [--sub <id>] [--name "..."] [--ttl 8h]';

type DevTokenArgs = ReturnType<typeof parseDevTokenArgs>;

function parseDevTokenArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      role: { type: 'string', multiple: true },
      country: { type: 'string', multiple: true },
      org: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  }).values;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Mints a development token signed by the dev key; the token alone goes to stdout so shells can capture it. */
export async function devTokenCommand(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CommandResult> {
  const fail = (message: string): CommandResult => ({ exitCode: 2, stdout: '', stderr: `${message}\n` });
  if (env['NODE_ENV'] === 'production') return fail('dev-token refuses to run with NODE_ENV=production: dev keys are for development only');

  let values: DevTokenArgs;
  try {
    values = parseDevTokenArgs(argv);
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const roles = values.role ?? [];
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) {
    const problem = roles.length === 0 ? 'at least one --role is required' : `unknown role ${unknown.join(', ')}`;
    return fail(`${problem}; valid roles: ${ROLES.join(', ')}\n${USAGE}`);
  }
  const countries = (values.country ?? []).map((country) => country.toUpperCase());
  const badCountry = countries.find((country) => !/^[A-Z]{2}$/.test(country));
  if (badCountry) return fail(`--country must be an ISO 3166-1 alpha-2 code, got "${badCountry}"`);

  const keys = await ensureDevKeys(env['DEV_KEYS_DIR'] ?? join(cwd, '.infra', 'dev-keys'));
  try {
    const token = await mintDevToken({
      ...keys,
      issuer: env['JWT_ISSUER'] ?? 'http://localhost/ctip-dev',
      audience: env['JWT_AUDIENCE'] ?? 'ctip-api',
      subject: values.sub ?? `dev-${roles[0]}`,
      roles: roles.filter(isRole),
      countries,
      organisationId: values.org,
      name: values.name,
      expiresIn: values.ttl,
    });
    return { exitCode: 0, stdout: `${token}\n`, stderr: '' };
  } catch (error) {
    return fail(`cannot mint token: ${error instanceof Error ? error.message : String(error)} (check --ttl, e.g. 8h or 30m)`);
  }
}

if (require.main === module) {
  void devTokenCommand(process.argv.slice(2), process.env, process.cwd()).then(
    ({ exitCode, stdout, stderr }) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`dev-token failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
