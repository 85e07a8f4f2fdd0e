#!/usr/bin/env node
/**
 * `npm run start:local`: the whole system on a machine that runs PostgreSQL and Redis, in one command.
 *
 *  1. copies .env.example to .env when there is no .env, and loads .env (real environment variables win);
 *  2. creates the database named in DATABASE_URL when it is missing;
 *  3. builds the server and the web app, applies the migrations, then runs the API and one worker side by side;
 *  4. forwards SIGINT/SIGTERM to both, and when either stops, stops the other and exits.
 *
 * Plain CommonJS with no dependencies beyond the project's own (`pg`), so it runs before anything is built.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const { copyFileSync, existsSync } = require('node:fs');
const net = require('node:net');
const { join } = require('node:path');

const root = join(__dirname, '..');
process.chdir(root);

function log(message) {
  process.stdout.write(`[start-local] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[start-local] ${message}\n`);
  process.exit(1);
}

/** A minimal .env reader for Node versions without process.loadEnvFile; never overrides set variables. */
function loadEnv(path) {
  if (typeof process.loadEnvFile === 'function') {
    process.loadEnvFile(path);
    return;
  }
  const text = require('node:fs').readFileSync(path, 'utf8');
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || process.env[m[1]] !== undefined) continue;
    let value = m[2];
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    process.env[m[1]] = value;
  }
}

function prepareEnv() {
  if (!existsSync('.env')) {
    copyFileSync('.env.example', '.env');
    log('created .env from .env.example (working local defaults; edit it to change them)');
  }
  loadEnv('.env');
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL']) {
    if (!process.env[name]) fail(`${name} is not set (see .env.example)`);
  }
}

async function ensureDatabase(databaseUrl) {
  const { Client } = require('pg');
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) fail('DATABASE_URL names no database');
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    fail(
      `PostgreSQL does not answer at ${target.hostname}:${target.port || 5432} (${err.message}). ` +
        'Start it, or point DATABASE_URL in .env at a running server.',
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** Resolves true when something accepts a TCP connection at host:port within the time limit. */
function answers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function checkRedis(redisUrl) {
  const u = new URL(redisUrl);
  const port = Number(u.port || 6379);
  if (!(await answers(u.hostname, port))) {
    process.stderr.write(
      `[start-local] WARNING: Redis does not answer at ${u.hostname}:${port}. The API reports not ready and ` +
        'the worker waits for it until Redis runs (for example: redis-server --daemonize yes).\n',
    );
  }
}

async function checkSmtp(smtpUrl) {
  const u = new URL(smtpUrl);
  const port = Number(u.port || 25);
  if (await answers(u.hostname, port)) return;
  // Mirrors the worker: BullMQ exponential backoff doubles MAIL_BACKOFF_MS after each failed attempt.
  const attempts = Number(process.env.MAIL_MAX_ATTEMPTS || 6);
  const backoffMs = Number(process.env.MAIL_BACKOFF_MS || 5000);
  const windowMin = Math.max(1, Math.round((backoffMs * (2 ** (attempts - 1) - 1)) / 60_000));
  process.stderr.write(
    [
      `[start-local] WARNING: no SMTP server answers at ${u.hostname}:${port} (SMTP_URL).`,
      '  Mail is never lost: every email is first written to the outbox table in PostgreSQL and stays',
      '  there as `pending` until the worker hands it to an SMTP server. The worker retries a send with',
      `  backoff (MAIL_MAX_ATTEMPTS=${attempts}, about ${windowMin} min in all); a message still unsent then`,
      '  is kept as `failed` in the outbox, not dropped. Start an SMTP server to receive mail, for example',
      '  Mailpit (web inbox on http://localhost:8025):',
      '    docker run -p 1025:1025 -p 8025:8025 axllent/mailpit',
      '  or point SMTP_URL in .env at any SMTP server that accepts plain SMTP.',
      '',
    ].join('\n'),
  );
}

function run(command, args) {
  log(`${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: process.env,
    // npm is npm.cmd on Windows, which only a shell can start.
    shell: process.platform === 'win32',
  });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0)
    fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function startProcesses() {
  const children = new Map();
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal) => {
    for (const child of children.values()) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
    // A child that ignores the request is not allowed to keep the terminal: kill it after a grace period.
    setTimeout(() => {
      for (const child of children.values()) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }, 15_000).unref();
  };

  for (const [name, file] of [
    ['api', 'dist/src/main.js'],
    ['worker', 'dist/src/worker.js'],
  ]) {
    log(`starting ${name}: node ${file}`);
    const child = spawn(process.execPath, [file], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: process.env,
    });
    children.set(name, child);
    child.once('exit', (code, signal) => {
      children.delete(name);
      log(`${name} exited (${signal ?? `code ${code}`})`);
      if (!stopping) {
        // One process stopped on its own: the system is incomplete, so stop the other and report it.
        stopping = true;
        exitCode = code === 0 ? 1 : (code ?? 1);
        stopAll('SIGTERM');
      } else if (code !== null && code !== 0 && exitCode === 0) {
        exitCode = code;
      }
      if (children.size === 0) process.exit(exitCode);
    });
  }

  // Both processes shut down gracefully on SIGINT/SIGTERM (Nest shutdown hooks; a repeated signal is ignored).
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping api and worker`);
      stopAll(signal);
    });
  }
  // If this process dies unexpectedly, it takes its children with it.
  process.once('exit', () => {
    for (const child of children.values()) child.kill('SIGKILL');
  });
}

async function main() {
  prepareEnv();
  await ensureDatabase(process.env.DATABASE_URL);
  await checkRedis(process.env.REDIS_URL);
  await checkSmtp(process.env.SMTP_URL);
  run('npm', ['run', 'build']);
  run(process.execPath, ['dist/src/cli/migrate.js', 'run']);
  startProcesses();
  const port = process.env.PORT || 3000;
  log(`API on http://localhost:${port}/api (OpenAPI UI at /api/docs); Ctrl-C stops both`);
  log(`the app: http://localhost:${port}`);
}

main().catch((err) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
