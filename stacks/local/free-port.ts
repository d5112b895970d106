import { createServer } from "node:net";

/**
 * A free loopback port, chosen by the system, for what needs its port up front (Java, a child process,
 * a URL handed out before the server starts). Node servers of our own listen on port 0 instead.
 */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
