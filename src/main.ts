// Composition root: config → corpus → index → bot or terminal chat → digest → shutdown.
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<number> {
  const config = loadConfig();
  process.stdout.write(`paperboy: corpus ${config.CORPUS_DIR} (terminal chat arrives with the answers core)\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else throw error;
}
