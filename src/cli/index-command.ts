import { type CliCommand, type CliIo, parseCliArgs } from './command.js';
import { openCliIndex } from './open-cli-index.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `paperboy index [--corpus DIR]`: reads and indexes the corpus afresh and writes the snapshot to DATA_DIR. */
export const indexCommand = {
  name: 'index',
  usage: 'index [--corpus DIR]',
  summary: 'index the corpus and write the snapshot start-up loads (to DATA_DIR)',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCliArgs({ args, options: { corpus: { type: 'string' } } });
    const started = performance.now();
    const opened = await openCliIndex(io, parsed.values.corpus, { rebuild: true });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { index, saved, problems } = opened;
    io.stdout.write(
      `index: ${index.paperCount.toLocaleString('en-US')} papers, ` +
        `${index.chunkCount.toLocaleString('en-US')} chunks in ${seconds} s\n`,
    );
    if (problems.length > 0) {
      io.stderr.write(`index: ${problems.length} corpus problems (see \`paperboy corpus check\`)\n`);
    }
    if (!saved || 'error' in saved) {
      io.stderr.write(`index: snapshot not written: ${saved ? saved.error : 'no data directory'}\n`);
      return 1;
    }
    io.stdout.write(`index: snapshot ${saved.path} (${megabytes(saved.bytes)}), fingerprint ${opened.fingerprint}\n`);
    return 0;
  },
} satisfies CliCommand;
