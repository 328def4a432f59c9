/** A loopback HTTP stub that records every request (method, URL, headers, body) before answering it. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the stub received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running stub: its port, what it has seen (in order), and how to stop it. */
export interface RecordingServer {
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts the stub on 127.0.0.1 (a free port); `answer` writes the response of each recorded request. */
export async function startRecordingServer(answer: (req: SeenRequest, res: ServerResponse) => void): Promise<RecordingServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(request);
      answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
