import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { expectEventually } from './expect-eventually';
import { REPO_ROOT } from './infrastructure';

export const LOG_DIR = join(REPO_ROOT, '.infra', 'test-logs');

/**
 * The Node options an app runs with wherever it runs (`deploy/node-options/<app>`, also read by
 * deploy/Dockerfile and scripts/start): its lines but comments, joined; '' when it has none.
 */
export function appNodeOptions(app: string): string {
  const file = join(REPO_ROOT, 'deploy', 'node-options', app);
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join(' ');
}

/**
 * A service (or fixture) running as its own OS process from the compiled dist/, as the start command
 * runs it. Its output is kept in memory for assertions and in .infra/test-logs for reading after a failure.
 */
export class ServiceProcess {
  readonly lines: string[] = [];
  private child?: ChildProcess;
  private log?: WriteStream;
  exitCode: number | null = null;
  signal: NodeJS.Signals | null = null;
  private exited?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
  ) {}

  /** The app's own options first, so options given for this process (a benchmark's experiment) win. */
  private nodeOptions(): { NODE_OPTIONS?: string } {
    const app = /^apps\/([^/]+)\//.exec(this.script)?.[1];
    const own = app ? appNodeOptions(app) : '';
    const given = this.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '';
    const options = [own, given].filter((o) => o !== '').join(' ');
    return options ? { NODE_OPTIONS: options } : {};
  }

  start(): this {
    mkdirSync(LOG_DIR, { recursive: true });
    this.log = createWriteStream(join(LOG_DIR, `${this.name}.log`), { flags: 'a' });
    this.exitCode = null;
    this.signal = null;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', this.script)], {
      cwd: REPO_ROOT,
      env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...this.env, ...this.nodeOptions() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.log?.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.signal = signal;
        resolve();
      }),
    );
    return this;
  }

  /** The OS process id while it runs (e.g. to read its memory in /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === null && this.signal === null;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return expectEventually(
      () => {
        const line = this.lines.find((l) => pattern.test(l));
        if (!line) {
          if (!this.running)
            throw new Error(
              `${this.name} exited (${this.exitCode ?? this.signal}) before logging ${pattern}:\n${this.lines.slice(-20).join('\n')}`,
            );
          throw new Error(`${this.name} has not logged ${pattern}`);
        }
        return line;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.kill(signal);
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  async waitForExit(): Promise<void> {
    await this.exited;
    this.log?.end();
  }
}
