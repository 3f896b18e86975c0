import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';

function fakeIo(tty?: { columns: number }): CliIo & { out(): string; err(): string } {
  const collect = (stream: PassThrough) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    return () => Buffer.concat(parts).toString('utf8');
  };
  const stdout = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: tty.columns } : {});
  const stderr = new PassThrough();
  return { stdout, stderr, stdin: new PassThrough(), cwd: process.cwd(), out: collect(stdout), err: collect(stderr) };
}

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('paperboy manners', () => {
  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const io = fakeIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.out()).toBe(`paperboy ${version}\n`);
  });

  it('help lists every command and the exit codes, wrapped to 80 columns when piped', async () => {
    const io = fakeIo();
    expect(await runCli(['help'], io)).toBe(0);
    expect(io.out()).toContain('paperboy corpus check [PATH]');
    expect(io.out()).toContain('paperboy deploy-commands');
    expect(io.out().replace(/\n/g, ' ')).toContain(
      'exit codes: 0 success, 1 no result (nothing matched), 2 usage or configuration error',
    );
    expect(widest(io.out())).toBeLessThanOrEqual(80);
  });

  it('wraps help to the terminal width', async () => {
    const io = fakeIo({ columns: 50 });
    expect(await runCli(['--help'], io)).toBe(0);
    expect(widest(io.out())).toBeLessThanOrEqual(50);
    const wide = fakeIo({ columns: 200 });
    await runCli(['--help'], wide);
    expect(widest(wide.out())).toBeGreaterThan(80);
  });

  it('help COMMAND and COMMAND --help show that command, exit 0, never a parser error', async () => {
    const viaHelp = fakeIo();
    expect(await runCli(['help', 'ask'], viaHelp)).toBe(0);
    const viaFlag = fakeIo();
    expect(await runCli(['ask', '--help'], viaFlag)).toBe(0);
    expect(viaFlag.out()).toBe(viaHelp.out());
    expect(viaFlag.out()).toMatch(/^usage: paperboy ask "QUESTION"/);
    const digest = fakeIo();
    expect(await runCli(['digest', 'preview', '-h'], digest)).toBe(0);
    expect(digest.out()).toMatch(/^usage: paperboy digest preview/);
  });

  it('a command group alone lists its subcommands, exit 2', async () => {
    for (const group of ['corpus', 'digest']) {
      const io = fakeIo();
      expect(await runCli([group], io)).toBe(2);
      expect(io.err()).toMatch(new RegExp(`^paperboy ${group}: expected a subcommand:\\n  paperboy ${group} \\w+`));
    }
  });

  it('says what a limit must be, and names an unknown option or a missing value', async () => {
    const io = fakeIo();
    expect(await runCli(['ask', 'masking', '--limit', '-3'], io)).toBe(2);
    expect(io.err()).toContain("paperboy ask: --limit: expected a whole number from 1 to 100, got '-3'\n");
    const unknown = fakeIo();
    expect(await runCli(['ask', 'masking', '--bogus'], unknown)).toBe(2);
    expect(unknown.err()).toContain("paperboy ask: unknown option '--bogus'\nusage: paperboy ask");
    const hyphen = fakeIo();
    expect(await runCli(['ask', '-equivariant point cloud-based place'], hyphen)).toBe(2);
    expect(hyphen.err()).toContain(
      `paperboy ask: unknown option '-e' (text that starts with "-" goes after --: -- "-equivariant point cloud-based place")`,
    );
    const missing = fakeIo();
    expect(await runCli(['ask', 'masking', '--limit'], missing)).toBe(2);
    expect(missing.err()).toContain('paperboy ask: --limit needs a value\n');
  });

  it('an unknown command or no command is a usage error (exit 2)', async () => {
    const io = fakeIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toMatch(/^paperboy: unknown command 'frobnicate'/);
    expect(await runCli([], fakeIo())).toBe(2);
  });
});
