// Runs the local SNS engine on its own: `tsx local/sns/cli.ts [--port 4575] [--host 127.0.0.1] [--data-dir DIR]`.
// Environment: SNS_PORT, SNS_HOST, SNS_DATA_DIR. Logs every delivery outcome.
import { parseArgs } from 'node:util';
import { startSnsEngine } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SNS_PORT ?? '4575' },
    host: { type: 'string', default: process.env.SNS_HOST ?? '127.0.0.1' },
    'data-dir': { type: 'string', ...(process.env.SNS_DATA_DIR ? { default: process.env.SNS_DATA_DIR } : {}) },
  },
});

const engine = await startSnsEngine({
  host: values.host,
  port: Number(values.port),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
});

engine.deliveries.on('delivered', (o) =>
  console.log(`delivered ${o.request.messageType} ${o.request.messageId} → ${o.request.endpoint} (${o.status}, attempt ${o.attempts})`),
);
engine.deliveries.on('failed', (o) =>
  console.log(`failed ${o.request.messageType} ${o.request.messageId} → ${o.request.endpoint} after ${o.attempts} attempts: ${o.error ?? o.status}`),
);
console.log(`local SNS engine on ${engine.endpoint} (signing certificate: ${engine.certUrl})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void engine.stop().then(() => process.exit(0));
  });
}
