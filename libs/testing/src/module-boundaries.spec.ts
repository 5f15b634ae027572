import { createProjectGraphAsync } from 'nx/src/devkit-exports'; // nx's own devkit surface, which @nx/devkit re-exports
import { ESLint } from 'eslint';
import { REPO_ROOT } from './infrastructure';

/**
 * The boundary rules of eslint.config.mjs bite. @nx/enforce-module-boundaries reads the project graph
 * Nx caches and skips itself silently when there is none, so the graph is computed here first.
 */
describe('module boundaries (eslint.config.mjs)', () => {
  let eslint: ESLint;

  beforeAll(async () => {
    process.env.NX_DAEMON = 'false';
    await createProjectGraphAsync({ exitOnError: false });
    eslint = new ESLint({ cwd: REPO_ROOT });
    // The rule's autofix for a relative import looks for a tsconfig.base.json this workspace does not have.
    const warn = console.warn;
    jest.spyOn(console, 'warn').mockImplementation((...args) => String(args[0]).includes('tsconfig.base.json') || warn(...args));
  }, 60_000);

  async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport const used = [imported];\n`, { filePath: `${REPO_ROOT}/${filePath}` });
    return result.messages
      .filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);
  }

  it("refuses the test kit in an app's production code", async () => {
    expect(await boundaryErrors('apps/notifications/src/delivery/example.service.ts', "import { imported } from '@ctip/testing';")).toEqual(
      [expect.stringContaining('A project tagged with "type:app" can only depend on libs tagged with')],
    );
  });

  it("refuses the test kit in a library's production code", async () => {
    expect(await boundaryErrors('libs/messaging/src/example.ts', "import { imported } from '@ctip/testing';")).toHaveLength(1);
  });

  it('lets specs, integration specs and test helpers use the test kit', async () => {
    for (const file of [
      'apps/notifications/src/delivery/example.spec.ts',
      'libs/messaging/src/example.int-spec.ts',
      'apps/notifications/test/example-harness.ts',
    ])
      expect(await boundaryErrors(file, "import { imported } from '@ctip/testing';")).toEqual([]);
  });

  it('refuses an import of e2e/ from an app, production code or test', async () => {
    for (const file of ['apps/notifications/src/example.service.ts', 'apps/notifications/src/example.spec.ts'])
      expect(await boundaryErrors(file, "import { imported } from '../../../e2e/alert-stack';")).toEqual([
        expect.stringContaining('Projects cannot be imported by a relative or absolute path'),
      ]);
  });

  it("refuses a deep import of an app's files from e2e/ and bench/", async () => {
    expect(
      await boundaryErrors('e2e/example.e2e-spec.ts', "import { imported } from '../apps/notifications/src/channels/webhook-signature';"),
    ).toEqual([expect.stringContaining('Projects cannot be imported by a relative or absolute path')]);
    expect(
      await boundaryErrors(
        'bench/alert-latency/example.ts',
        "import { imported } from '../../apps/notifications/test/notifications-harness';",
      ),
    ).toContainEqual(expect.stringContaining('Projects cannot be imported by a relative or absolute path'));
  });

  it('lets e2e/ and bench/ use libraries through their entry points', async () => {
    expect(await boundaryErrors('e2e/example.e2e-spec.ts', "import { imported } from '@ctip/testing';")).toEqual([]);
    expect(await boundaryErrors('bench/alert-latency/example.ts', "import { imported } from '@ctip/contracts';")).toEqual([]);
  });

  it("refuses a test helper folder in an app's production code", async () => {
    expect(
      await boundaryErrors('apps/directory/src/people/example.service.ts', "import { imported } from '../testing/directory-fixtures';"),
    ).toEqual([expect.stringContaining('test helpers are for tests only')]);
  });
});
