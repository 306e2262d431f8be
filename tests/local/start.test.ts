// `npm start` as a person runs it: a child process with its own DynamoDB Local on disk,
// stopped by a signal, restarted on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { freePort } from '../../local/free-port.ts';
import { isAlive as alive } from '../../local/dynamodb-local.ts';
import { fixtureInput } from '../support/fixture.ts';

const root = new URL('../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-start-'));
const children = new Set<ChildProcess>();
// A failed assertion must not leave an npm start (and its java) running after the suite.
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  javaPid: number;
  output: () => string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 45_000;
  while (!/dynamodb: .*pid (\d+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    url: /running at (\S+)/.exec(output)![1]!,
    javaPid: Number(/dynamodb: .*pid (\d+)/.exec(output)![1]),
    output: () => output,
  };
}

async function stop(started: Started, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill(signal);
  return exited;
}


async function waitUntil(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

test('npm start serves the API, stops everything on SIGTERM and SIGINT, and keeps its data', { timeout: 120_000 }, async () => {
  const env = {
    PORT: String(await freePort()),
    PRESSROOM_DATA_DIR: dataDir,
    PRESSROOM_PRESS_TOKEN: 'start-test-press-token',
    PRESSROOM_ADMIN_TOKEN: 'start-test-admin-token',
  };
  const first = await start(env);
  expect(first.output()).toContain(`Pressroom is running at http://127.0.0.1:${env.PORT}`);
  expect((await fetch(`${first.url}/health`)).status).toBe(200);
  // The local SES engine's page of sent mail, on loopback only.
  expect(await waitUntil(() => /mail: +http:\/\/127\.0\.0\.1:\d+\//.test(first.output()))).toBe(true);
  const mailPage = /mail: +(\S+)/.exec(first.output())![1]!;
  const page = await fetch(mailPage);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const created = await fetch(`${first.url}/v1/releases`, {
    method: 'POST',
    headers: { authorization: 'Bearer start-test-press-token', 'content-type': 'application/json' },
    body: JSON.stringify(fixtureInput()),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect(await stop(first, 'SIGTERM')).toBe(0);
  expect(await waitUntil(() => !alive(first.javaPid))).toBe(true);

  const second = await start(env);
  const read = await fetch(`${second.url}/v1/releases/${id}`);
  expect(read.status).toBe(200);
  expect(((await read.json()) as { title: string }).title).toBe(fixtureInput().title);
  expect(await stop(second, 'SIGINT')).toBe(0);
  expect(await waitUntil(() => !alive(second.javaPid))).toBe(true);
});

test('without Java, npm start fails with one line that says what to install', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: root,
    env: { ...process.env, PATH: '/nonexistent', PRESSROOM_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/Java 17 or newer .* install .*openjdk-17/);
});

test('a token from the environment replaces the one given at the previous start', { timeout: 120_000 }, async () => {
  const env = { PORT: String(await freePort()), PRESSROOM_DATA_DIR: dataDir, PRESSROOM_ADMIN_TOKEN: 'start-test-admin-token' };
  const post = (url: string, token: string) =>
    fetch(`${url}/v1/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(fixtureInput()),
    });
  const withA = await start({ ...env, PRESSROOM_PRESS_TOKEN: 'press-token-a' });
  expect((await post(withA.url, 'press-token-a')).status).toBe(201);
  expect(await stop(withA, 'SIGTERM')).toBe(0);

  const withB = await start({ ...env, PRESSROOM_PRESS_TOKEN: 'press-token-b' });
  expect((await post(withB.url, 'press-token-a')).status).toBe(401);
  expect((await post(withB.url, 'press-token-b')).status).toBe(201);
  expect(await stop(withB, 'SIGTERM')).toBe(0);
});

test('a SIGKILLed npm start leaves an engine behind; the next start on the folder stops it and works', { timeout: 120_000 }, async () => {
  const env = { PORT: String(await freePort()), PRESSROOM_DATA_DIR: dataDir, PRESSROOM_PRESS_TOKEN: 'start-test-press-token' };
  const killed = await start(env);
  expect(await stop(killed, 'SIGKILL')).toBe(null);
  expect(alive(killed.javaPid)).toBe(true); // no exit hook runs on SIGKILL: the engine is orphaned

  const next = await start(env);
  expect(await waitUntil(() => !alive(killed.javaPid))).toBe(true);
  expect(next.javaPid).not.toBe(killed.javaPid);
  expect((await fetch(`${next.url}/health`)).status).toBe(200);
  expect((await fetch(`${next.url}/v1/releases`)).status).toBe(200);
  expect(await stop(next, 'SIGTERM')).toBe(0);
});

test('DynamoDB Local killed under a running npm start is restarted: /health is 200 again', { timeout: 120_000 }, async () => {
  const env = { PORT: String(await freePort()), PRESSROOM_DATA_DIR: dataDir, PRESSROOM_PRESS_TOKEN: 'start-test-press-token' };
  const running = await start(env);
  process.kill(running.javaPid, 'SIGKILL');
  expect(await waitUntil(() => /DynamoDB Local is back \(pid \d+\)/.test(running.output()), 60_000)).toBe(true);
  const deadline = Date.now() + 30_000;
  let status = 0;
  while (Date.now() < deadline && (status = (await fetch(`${running.url}/health`)).status) !== 200) await new Promise((r) => setTimeout(r, 200));
  expect(status).toBe(200);
  expect(running.child.exitCode).toBe(null);
  expect(await stop(running, 'SIGTERM')).toBe(0);
});
