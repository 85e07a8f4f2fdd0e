/**
 * The scoring thread's side (a worker_threads worker, started by ScoringThread in scoring-thread.ts): it
 * runs the tasks of scoring-tasks.ts on what the main thread sends and posts back the results, their
 * typed arrays transferred (not copied). It holds nothing between requests.
 */
import { parentPort } from 'node:worker_threads';
import { runTask, transferablesOf, type ThreadReply, type ThreadRequest } from './scoring-tasks';

const port = parentPort;
if (!port) throw new Error('scoring-thread.worker: not started as a worker thread');
port.on('message', (request: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = { id: request.id, result: runTask(request) };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply, 'result' in reply ? transferablesOf(reply.result) : []);
});
