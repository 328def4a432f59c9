/**
 * ModelScope's file listing as its own SDK reads it (modelscope/hub/api.py `get_model_files`:
 * `GET /api/v1/models/<id>/repo/files?Revision=master&Recursive=true` → `Data.Files[]` with `Path`,
 * `Type` "blob" | "tree", `Size`): the kit lists a GGUF repo whose quantizations sit in
 * sub-directories (only a recursive listing sees them) and picks the wanted file.
 */
import * as http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listHubFiles, pickGgufFile } from "../cli/hub/gguf";

describe("ModelScope file listing (loopback server)", () => {
  let server: http.Server;
  let endpoint = "";
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      if (!req.url?.startsWith("/api/v1/models/acme/Qwen-GGUF/repo/files")) return void res.writeHead(404).end();
      // top-level entries of a quantization-per-directory repo, then (recursive) the files inside
      const body = {
        Code: 200,
        Success: true,
        Data: {
          Files: [
            { Name: "README.md", Path: "README.md", Type: "blob", Size: 1200 },
            { Name: "Q4_K_M", Path: "Q4_K_M", Type: "tree", Size: 0 },
            { Name: "Q8_0", Path: "Q8_0", Type: "tree", Size: 0 },
            { Name: "qwen-q4_k_m-00001-of-00002.gguf", Path: "Q4_K_M/qwen-q4_k_m-00001-of-00002.gguf", Type: "blob", Size: 3_000_000_000 },
            { Name: "qwen-q4_k_m-00002-of-00002.gguf", Path: "Q4_K_M/qwen-q4_k_m-00002-of-00002.gguf", Type: "blob", Size: 1_700_000_000 },
            { Name: "qwen-q8_0.gguf", Path: "Q8_0/qwen-q8_0.gguf", Type: "blob", Size: 8_100_000_000 },
          ],
        },
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("asks for the recursive listing of master and returns every path, directories included", async () => {
    seen.length = 0; // only this test's requests (the others may have run first)
    const files = await listHubFiles("acme/Qwen-GGUF", { hub: "modelscope", endpoint });
    expect(seen).toEqual(["/api/v1/models/acme/Qwen-GGUF/repo/files?Revision=master&Recursive=true"]);
    expect(files).toEqual(["README.md", "Q4_K_M", "Q8_0", "Q4_K_M/qwen-q4_k_m-00001-of-00002.gguf", "Q4_K_M/qwen-q4_k_m-00002-of-00002.gguf", "Q8_0/qwen-q8_0.gguf"]);
  });

  it("picks the first shard of the wanted quantization from a sub-directory, never a directory entry", async () => {
    const files = await listHubFiles("acme/Qwen-GGUF", { hub: "modelscope", endpoint });
    expect(pickGgufFile(files, "gguf-q4_k_m")).toBe("Q4_K_M/qwen-q4_k_m-00001-of-00002.gguf");
    expect(pickGgufFile(files, "gguf-q8_0")).toBe("Q8_0/qwen-q8_0.gguf");
    expect(pickGgufFile(["README.md", "Q4_K_M"])).toBeUndefined();
  });

  it("an unknown repo is an HTTP error naming the URL", async () => {
    await expect(listHubFiles("acme/Missing", { hub: "modelscope", endpoint })).rejects.toThrow(/\/api\/v1\/models\/acme\/Missing\/repo\/files\?Revision=master&Recursive=true: HTTP 404/);
  });
});
