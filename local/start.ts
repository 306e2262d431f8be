// `npm start`: the whole pipeline on this machine, until Ctrl-C.
import { resolve } from 'node:path';
import { JavaMissingError } from './dynamodb-local.ts';
import { startRuntime } from './runtime.ts';

const dataDir = resolve(process.env.PRESSROOM_DATA_DIR ?? '.pressroom');

try {
  const runtime = await startRuntime({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 3000),
    dataDir,
    ...(process.env.PRESSROOM_PRESS_TOKEN ? { pressToken: process.env.PRESSROOM_PRESS_TOKEN } : {}),
    ...(process.env.PRESSROOM_ADMIN_TOKEN ? { adminToken: process.env.PRESSROOM_ADMIN_TOKEN } : {}),
  });
  console.log(`  data:     ${dataDir}`);
  const { press, admin } = runtime.tokens;
  if (press && !process.env.PRESSROOM_PRESS_TOKEN) console.log(`  press-office token (shown once): ${press}`);
  if (admin && !process.env.PRESSROOM_ADMIN_TOKEN) console.log(`  admin token (shown once):        ${admin}`);
  if (!press || !admin) {
    console.log('  tokens: generated at the first start of this data folder; set PRESSROOM_PRESS_TOKEN / PRESSROOM_ADMIN_TOKEN to add your own.');
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Pressroom…`);
    void runtime.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(`pressroom: ${error.message}`);
  } else {
    console.error(`pressroom: could not start: ${(error as Error).message}`);
  }
  process.exit(1);
}
