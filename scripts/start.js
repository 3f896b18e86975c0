// @ts-check
/* global process */
// `npm start`: builds dist/ only when the sources changed since the last build, then runs the bot or the
// terminal chat in this same process (no second Node start-up).
import { buildIfChanged } from './build.js';

const code = buildIfChanged();
if (code === 0) await import('../dist/main.js');
else process.exitCode = code;
