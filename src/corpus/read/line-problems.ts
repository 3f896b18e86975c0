import type { CorpusProblem } from '../../core/paper/paper.js';
import type { LineEvent } from './read-lines.js';

/** The problem a line that could not be read stands for; undefined for a readable line. */
export function lineProblem(file: string, event: LineEvent): CorpusProblem | undefined {
  switch (event.kind) {
    case 'line':
      return undefined;
    case 'too-long':
      return {
        file,
        line: event.line,
        message: `line is too long (${event.bytes.toLocaleString('en-US')} bytes); skipped`,
      };
    case 'bad-utf8':
      return {
        file,
        line: event.line,
        message: `line is not valid UTF-8 (bad byte at column ${event.column}); skipped`,
      };
    case 'unreadable':
      return { file, line: event.line, message: `file cannot be read past this line: ${event.message}` };
  }
}
