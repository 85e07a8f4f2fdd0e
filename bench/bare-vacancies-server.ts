/**
 * The benchmark's baseline: a bare Fastify server with a pg Pool answering the vacancy board with the very
 * same SQL and row mapping as the API (`boardPage` from vacancy-board.ts), but with no Nest, no guards, no
 * validation pipe, no TypeORM. What the API costs on top of this is the framework's overhead.
 */
import Fastify, { FastifyInstance } from 'fastify';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import {
  boardPage,
  BoardFilters,
  LIST_SIZE_BANDS,
  ListSizeBand,
  RunSql,
} from '../src/modules/vacancies/vacancy-board';

export interface BareServer {
  url: string;
  close: () => Promise<void>;
}

type Query = Record<string, string | undefined>;

/** Just enough parsing for the benchmark's queries; the API validates every parameter properly. */
function filtersOf(q: Query): BoardFilters {
  const band = LIST_SIZE_BANDS.find<ListSizeBand>((b): b is ListSizeBand => b === q.listSizeBand);
  return {
    regionId: q.regionId,
    practiceForm: q.practiceForm,
    successorRole: q.successorRole,
    handoverBefore: q.handoverBefore,
    handoverAfter: q.handoverAfter,
    listSizeBand: band,
    page: Math.max(1, Number(q.page ?? 1) || 1),
    pageSize: Math.min(100, Math.max(1, Number(q.pageSize ?? 20) || 20)),
  };
}

export async function startBareServer(databaseUrl: string, poolSize = 20): Promise<BareServer> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    application_name: 'praktijkmatch-bench-bare',
  });
  const app: FastifyInstance = Fastify({ logger: false });
  const run: RunSql = async (statement) => (await pool.query<Record<string, unknown>>(statement)).rows;
  app.get('/api/vacancies', async (request) => boardPage(run, filtersOf(request.query as Query)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
