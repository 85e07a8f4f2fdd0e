import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AllQueues } from '../../core/queue/all-queues';
import {
  QUEUE_DASHBOARD_COOKIE,
  QUEUE_DASHBOARD_PATH,
  QueueDashboardService,
} from './queue-dashboard.service';

/**
 * bull-board's UI ships its styles as inline attributes and one inline <style>, and its scripts as files
 * of its own; this policy holds for the dashboard's paths only, the web app keeps APP_CSP.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function isDashboardPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`);
}

/** The value of one cookie in the request's Cookie header. */
function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// The UI asks Google for its fonts; the dashboard makes no request to anyone else (DESIGN.md), so the link
// goes and the system fonts stand in.
const GOOGLE_FONTS = /<link[^>]+fonts\.googleapis\.com[^>]*>/g;

/**
 * Mounts bull-board at /admin/queues with every queue of the project. Each request, the static assets
 * included, is let through only with a valid dashboard cookie of a current admin (or, once, a ticket that
 * becomes one); anyone else gets the plain 404 of an unknown path, so the dashboard's existence is not
 * revealed.
 */
export async function registerQueueDashboard(
  fastify: FastifyInstance,
  access: QueueDashboardService,
  queues: AllQueues,
): Promise<void> {
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.entries().map(([, queue]) => new BullMQAdapter(queue)),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'praktijkmatch',
        // bull-board has no Dutch; British English for dates and numbers.
        locale: { lng: 'en-GB' },
        hideDocsLink: true,
        miscLinks: [{ text: 'Beheer', url: '/admin' }],
      },
    },
  });

  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        void reply.header('cache-control', 'no-store');
        const query = request.query as Record<string, unknown> | undefined;
        const ticket = typeof query?.ticket === 'string' ? query.ticket : undefined;
        if (ticket !== undefined && request.method === 'GET') {
          const adminId = await access.redeemTicket(ticket);
          if (!adminId) return reply.callNotFound();
          // Redirected so the spent ticket leaves the address bar and the history.
          return reply
            .header('set-cookie', access.cookieFor(adminId))
            .redirect(`${QUEUE_DASHBOARD_PATH}/`, 303);
        }
        const adminId = await access.adminOfCookie(cookieOf(request, QUEUE_DASHBOARD_COOKIE));
        if (!adminId) return reply.callNotFound();
      });
      scope.addHook('onSend', async (_request, reply, payload) => {
        const type = reply.getHeader('content-type');
        if (typeof payload === 'string' && typeof type === 'string' && type.startsWith('text/html')) {
          return payload.replace(GOOGLE_FONTS, '');
        }
        return payload;
      });
      await scope.register(serverAdapter.registerPlugin());
      // Any other path under the dashboard is its own 404, never the web app's index.html.
      scope.all('/*', (_request, reply) => reply.callNotFound());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
