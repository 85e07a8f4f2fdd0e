#!/usr/bin/env node
/**
 * The stack the browser suite runs against, started by Playwright's webServer: the BUILT API (dist/src/main.js,
 * serving dist/web) and a real worker (dist/src/worker.js) as child processes, on their own test database,
 * Redis database and queue prefix, and an in-process SMTP server whose mail the tests read over a
 * loopback-only HTTP port (GET /mail?to=address). POST /outreach/<job>?days=N enqueues an outreach sweep
 * (freshness, vacancy-alerts, follow-ups) with the clock pinned N days ahead, the way the scheduler would
 * run it then; POST /introductions/coordinator-digest enqueues the coordinators' daily digest as its
 * schedule does (the worker acts on its own clock). Plain CommonJS: Playwright's Babel cannot load the Nest sources (no decorator metadata).
 */
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const http = require('node:http');
const { join } = require('node:path');
const { Client } = require('pg');
const Redis = require('ioredis');
const { Queue } = require('bullmq');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const root = join(__dirname, '..', '..', '..');
const DATABASE_URL =
  process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/praktijkmatch_test_web';
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/5';
const PORT = Number(process.env.WEB_TEST_PORT || 3710);
const MAIL_PORT = Number(process.env.WEB_TEST_MAIL_PORT || PORT + 1);
const QUEUE_PREFIX = 'pmweb';
const ADMIN_EMAIL = 'admin@praktijkmatch.test';
const ADMIN_PASSWORD = 'admin-password-for-tests';

function log(message) {
  process.stdout.write(`[web-harness] ${message}\n`);
}

async function freshDatabase() {
  const name = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1));
  if (!/test/i.test(name) || !/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`refusing database "${name}": its name must contain "test" (letters, digits, _)`);
  }
  const adminUrl = new URL(DATABASE_URL);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await db.end();
  execFileSync(process.execPath, [join(root, 'dist/src/cli/migrate.js'), 'run'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, DATABASE_URL },
  });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}

const received = [];
// Recipients the SMTP server refuses for now (POST /smtp/refuse?to=, /smtp/accept?to=): failed mail on demand.
const refused = new Set();

function startSmtp() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      if (session.envelope.rcptTo.some((r) => refused.has(r.address.toLowerCase()))) {
        stream.resume();
        stream.on('end', () => {
          const err = new Error('Mailbox unavailable (refused by the test harness)');
          err.responseCode = 450;
          callback(err);
        });
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject || '',
            text: parsed.text || '',
            at: new Date().toISOString(),
          });
          callback();
        },
        (err) => callback(err),
      );
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.server.address().port)));
}

function startMailbox(outreach, introductions) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/mail') {
      const to = (url.searchParams.get('to') || '').toLowerCase();
      return send(
        200,
        received.filter((m) => !to || m.to.includes(to)),
      );
    }
    const smtp = /^\/smtp\/(refuse|accept)$/.exec(url.pathname);
    if (req.method === 'POST' && smtp) {
      const to = (url.searchParams.get('to') || '').toLowerCase();
      if (smtp[1] === 'refuse') refused.add(to);
      else refused.delete(to);
      return send(200, { refused: [...refused] });
    }
    const job = /^\/outreach\/(freshness|vacancy-alerts|follow-ups)$/.exec(url.pathname);
    if (req.method === 'POST' && job) {
      const days = Number(url.searchParams.get('days') || 0);
      const now = new Date(Date.now() + days * 86_400_000).toISOString();
      outreach.add(job[1], { now }, { removeOnComplete: true, removeOnFail: true }).then(
        (added) => send(202, { id: added.id, now }),
        (err) => send(500, { error: String(err) }),
      );
      return undefined;
    }
    if (req.method === 'POST' && url.pathname === '/introductions/coordinator-digest') {
      introductions.add('coordinator-digest', {}, { removeOnComplete: true, removeOnFail: true }).then(
        (added) => send(202, { id: added.id }),
        (err) => send(500, { error: String(err) }),
      );
      return undefined;
    }
    return send(404, { error: 'not found' });
  });
  return new Promise((resolve) => server.listen(MAIL_PORT, '127.0.0.1', () => resolve(server)));
}

const children = [];
function startChild(name, file, env) {
  const child = spawn(process.execPath, [join(root, file)], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    log(`${name} exited (${signal || `code ${code}`})`);
    if (!stopping) stop(1);
  });
  children.push(child);
}

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(
    () => process.exit(code),
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  await freshDatabase();
  const smtpPort = await startSmtp();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL,
    REDIS_URL,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'praktijkmatch <noreply@praktijkmatch.test>',
    PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    PORT: String(PORT),
    JWT_SECRET: 'web-suite-secret-web-suite-secret-0123456789',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    QUEUE_PREFIX,
    LOG_LEVEL: process.env.WEB_TEST_LOG_LEVEL || 'warn',
    MAIL_BACKOFF_MS: '50',
    MAIL_RELAY_INTERVAL_MS: '200',
    WEB_DIST_DIR: join(root, 'dist/web'),
    WORKER_TIMERS: 'true',
    // The suite logs in many accounts from one address within minutes.
    RATE_LIMIT_LOGIN_PER_ADDRESS: '1000',
  };
  const outreach = new Queue('outreach', {
    prefix: QUEUE_PREFIX,
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
  });
  // The same queue and job name the digest's schedule uses (src/core/queue/jobs.ts, schedules.ts).
  const introductions = new Queue('introductions', {
    prefix: QUEUE_PREFIX,
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
  });
  await startMailbox(outreach, introductions);
  startChild('api', 'dist/src/main.js', env);
  startChild('worker', 'dist/src/worker.js', env);
  log(`app on http://127.0.0.1:${PORT}, mailbox on http://127.0.0.1:${MAIL_PORT}/mail`);
}

main().catch((err) => {
  process.stderr.write(`[web-harness] ${err && err.stack ? err.stack : err}\n`);
  stop(1);
});
