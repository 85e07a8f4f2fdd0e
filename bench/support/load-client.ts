/**
 * autocannon as a child process for requests that rotate over many users: reads its configuration as JSON
 * on stdin, rotates headers and body per request over `variants`, and prints autocannon's JSON result.
 * Started by `autocannon()` in bench-kit.ts; not meant to be run by hand.
 */
import autocannon from 'autocannon';

interface ClientConfig {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  variants: Array<{ headers: Record<string, string>; body?: string }>;
  seconds: number;
  connections: number;
  rate?: number;
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString();
  return text;
}

async function main(): Promise<void> {
  const config = JSON.parse(await readStdin()) as ClientConfig;
  let next = 0;
  const result = await autocannon({
    url: config.url,
    connections: config.connections,
    duration: config.seconds,
    overallRate: config.rate,
    requests: [
      {
        method: config.method,
        setupRequest: (request) => {
          const variant = config.variants[next++ % config.variants.length];
          return {
            ...request,
            headers: { ...request.headers, ...variant.headers },
            body: variant.body,
          };
        },
      },
    ],
  });
  process.stdout.write(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
