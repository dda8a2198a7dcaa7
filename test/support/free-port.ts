import { createServer, type AddressInfo } from 'node:net';

/**
 * A port nothing listens on now, from the kernel: a random one could fall in the ephemeral range and
 * meet a socket another test or process just opened.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
