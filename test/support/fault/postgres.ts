import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';

const BIN = '/usr/lib/postgresql/15/bin';

/** Runs a PostgreSQL binary as the `postgres` OS user (initdb and the server refuse root). */
function asPostgres(command: string): void {
  execFileSync('su', ['postgres', '-c', command], { stdio: 'ignore', timeout: 30_000 });
}

/**
 * A private PostgreSQL 15 cluster in a temp dir, trust auth on 127.0.0.1, that the test may stop and
 * start at will: the machine's shared server is never touched.
 */
export class PrivatePostgres {
  port = 0;
  private dir = '';

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async init(database: string): Promise<void> {
    this.port = await freePort();
    this.dir = mkdtempSync(join(tmpdir(), 'pmfault-pg-'));
    const { uid, gid } = postgresIds();
    chownSync(this.dir, uid, gid);
    asPostgres(`${BIN}/initdb -D ${this.dir}/data -A trust -U postgres --no-sync >/dev/null`);
    this.start();
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
  }

  start(): void {
    asPostgres(
      `${BIN}/pg_ctl -D ${this.dir}/data -l ${this.dir}/log -w -t 20 ` +
        `-o "-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off" start`,
    );
  }

  stop(): void {
    asPostgres(`${BIN}/pg_ctl -D ${this.dir}/data -w -t 20 -m fast stop`);
  }

  destroy(): void {
    if (!this.dir) return;
    try {
      this.stop();
    } catch {
      /* already stopped */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function postgresIds(): { uid: number; gid: number } {
  const out = (flag: string): number =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: out('-u'), gid: out('-g') };
}
