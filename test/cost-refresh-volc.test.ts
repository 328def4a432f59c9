/**
 * `gpukit prices refresh --cloud volcengine` against a stub of Volcano Engine's billing
 * QueryPriceForPayAsYouGo on 127.0.0.1 (never the real network). The stub re-derives the signature
 * by hand (canonical request written out here, HMAC chain with node:crypto) and answers in the
 * shape of the official SDK's QueryPriceForPayAsYouGoOutput.
 */
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { main } from "../cli/main";
import { makePricesCommand } from "../cli/commands/prices";
import { parsePriceBook } from "../cost/price-book";

const AK = "AKLTvolcstub";
const SK = "volc-stub-secret";
const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const mac = (k: string | Buffer, s: string) => createHmac("sha256", k).update(s, "utf8").digest();

/** The Authorization the request should carry, derived independently of cost/refresh/sign.ts. */
function expectedAuth(req: http.IncomingMessage, body: string): string {
  const xDate = String(req.headers["x-date"]);
  const day = xDate.slice(0, 8);
  const canonical = [
    "POST",
    "/",
    "Action=QueryPriceForPayAsYouGo&Version=2022-01-01",
    `content-type:application/json; charset=utf-8\nhost:${req.headers.host}\nx-content-sha256:${sha(body)}\nx-date:${xDate}\n`,
    "content-type;host;x-content-sha256;x-date",
    sha(body),
  ].join("\n");
  const toSign = ["HMAC-SHA256", xDate, `${day}/cn-beijing/billing/request`, sha(canonical)].join("\n");
  const key = mac(mac(mac(mac(SK, day), "cn-beijing"), "billing"), "request");
  return `HMAC-SHA256 Credential=${AK}/${day}/cn-beijing/billing/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=${createHmac("sha256", key).update(toSign).digest("hex")}`;
}

describe("gpukit prices refresh --cloud volcengine (local stub of QueryPriceForPayAsYouGo)", () => {
  const seen: Array<{ ok: boolean; body: { Product?: string; ConfigList?: Array<Record<string, unknown>> } }> = [];
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const parsed = JSON.parse(body) as { Product?: string; ConfigList?: Array<Record<string, unknown>> };
        seen.push({ ok: req.headers.authorization === expectedAuth(req, body) && url.searchParams.get("Action") === "QueryPriceForPayAsYouGo", body: parsed });
        res.setHeader("content-type", "application/json");
        const code = String(parsed.ConfigList?.[0]?.ConfigurationCode);
        if (code === "ecs.unknown") {
          res.end(JSON.stringify({ ResponseMetadata: { RequestId: "r", Action: "QueryPriceForPayAsYouGo", Error: { Code: "InvalidParameter", Message: "ConfigurationCode not found" } } }));
          return;
        }
        res.end(JSON.stringify({
          ResponseMetadata: { RequestId: "r", Action: "QueryPriceForPayAsYouGo", Version: "2022-01-01", Service: "billing", Region: "cn-beijing" },
          Result: { Currency: "CNY", TotalOriginalAmount: "9.9", TotalDiscountAmount: "0", ConfigList: [{ ConfigurationCode: code, Price: "8.46", OriginalAmount: "9.9", DiscountAmount: "1.44", Quantity: 1 }] },
        }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = { VOLCENGINE_ACCESS_KEY: AK, VOLCENGINE_SECRET_KEY: SK };
  const cli = async (argv: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await main(["prices", "refresh", "--cloud", "volcengine", "--region", "cn-beijing", "--endpoint", base, ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [makePricesCommand(env)]);
    return { code, stdout, stderr };
  };

  it("signs the request, sends Product ECS with the instance type, and writes a dated price book line that states its caveat", async () => {
    seen.length = 0;
    const r = await cli(["--instance-type", "ecs.gni2.3xlarge"]);
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0].ok).toBe(true);
    expect(seen[0].body).toEqual({ Product: "ECS", ConfigList: [{ ConfigurationCode: "ecs.gni2.3xlarge", Quantity: 1, UseDuration: 1 }] });
    const book = parsePriceBook(parseYaml(r.stdout));
    expect(book.prices).toEqual([expect.objectContaining({ cloud: "volcengine", region: "cn-beijing", offering: "ecs.gni2.3xlarge", hourly: 8.46, currency: "CNY" })]);
    expect(book.prices[0].note).toMatch(/not publicly documented/);
    expect(book.note).toContain("volcengine price API at http://127.0.0.1");
    expect(r.stderr).toMatch(/note: .*not publicly documented.*price book/);
  });

  it("passes --volc-product and --volc-charge-item through unchanged", async () => {
    seen.length = 0;
    const r = await cli(["--instance-type", "ecs.gni2.3xlarge", "--volc-product", "ECS_GPU", "--volc-charge-item", "charge_x_cn-beijing"]);
    expect(r.code).toBe(0);
    expect(seen[0].body).toEqual({ Product: "ECS_GPU", ConfigList: [{ ConfigurationCode: "ecs.gni2.3xlarge", Quantity: 1, UseDuration: 1, ChargeItemCode: "charge_x_cn-beijing" }] });
  });

  it("an API error is reported per type, and with no price at all it exits 3 and points at price books", async () => {
    const r = await cli(["--instance-type", "ecs.unknown"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("warning: ecs.unknown: InvalidParameter: ConfigurationCode not found");
    expect(r.stderr).toContain("--price-book");
    expect(r.stdout).toBe("");
  });
});
