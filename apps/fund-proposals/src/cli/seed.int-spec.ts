import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys } from '@ctip/auth';
import { ServiceProcess, uniqueSuffix } from '@ctip/testing';
import mongoose, { type Connection } from 'mongoose';
import { demoOpenProposals, demoSupportedProjects } from './demo-fund';
import { FundSeeder } from './fund-seeder';

/** The fund seed as an operator runs it: the compiled script, its own process, the real servers, twice. */
describe(FundSeeder.name, () => {
  const namespace = `it-${uniqueSuffix()}`;
  const projects = demoSupportedProjects().length;
  const proposals = demoOpenProposals().length;
  let db: Connection;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = (await mongoose.createConnection(process.env.MONGO_URL!).asPromise()).useDb(`ctip_${namespace.replace(/-/g, '_')}_fund_proposals`);
    const { jwksFile } = await ensureDevKeys(mkdtempSync(join(tmpdir(), 'ctip-fund-seed-')));
    env = {
      NAMESPACE: namespace,
      JWT_ISSUER: 'http://localhost/ctip-fund-test',
      JWT_AUDIENCE: 'ctip-api',
      JWT_JWKS_FILE: jwksFile,
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await db?.close();
  });

  const runSeed = async (): Promise<string> => {
    const seed = new ServiceProcess(`fund-seed-${uniqueSuffix(4)}`, 'apps/fund-proposals/src/cli/seed.js', env).start();
    await seed.waitForExit();
    expect(seed.exitCode).toBe(0);
    return seed.output();
  };

  const stored = async () => ({
    projects: await db.collection('public_projects').find({}).sort({ _id: 1 }).toArray(),
    proposals: await db
      .collection('proposals')
      .find({}, { projection: { proposalRef: 1, demo: 1, status: 1, version: 1 } })
      .sort({ _id: 1 })
      .toArray(),
    versions: await db.collection('proposal_versions').find({}).sort({ _id: 1 }).toArray(),
    counters: await db.collection('counters').find({}).toArray(),
  });

  it('loads the demo projects and open proposals, all marked demo; a second run changes nothing', async () => {
    expect(await runSeed()).toMatch(
      new RegExp(`supported projects created=${projects} updated=0 unchanged=0; open proposals created=${proposals} unchanged=0`),
    );
    const first = await stored();
    expect(first.projects).toHaveLength(projects);
    expect(first.proposals).toHaveLength(proposals);
    expect(first.versions.map((v) => v._id)).toEqual(first.proposals.map((p) => `${p._id}/v1`));
    expect([...first.projects, ...first.proposals].every((d) => d.demo === true)).toBe(true);
    expect(new Set(first.projects.flatMap((p) => p.countries as string[])).size).toBe(13);

    expect(await runSeed()).toMatch(
      new RegExp(`supported projects created=0 updated=0 unchanged=${projects}; open proposals created=0 unchanged=${proposals}`),
    );
    // Same documents, same references, no reference number taken.
    expect(await stored()).toEqual(first);
  }, 120_000);
});
