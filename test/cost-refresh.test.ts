/**
 * `gpukit prices refresh` against a local HTTP server on 127.0.0.1 that answers like the documented
 * APIs (AWS Price List GetProducts, Alibaba ECS DescribePrice, Tencent CVM InquiryPriceRunInstances)
 * and checks each request's signature. The signers are also checked against published test vectors.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { main } from "../cli/main";
import { makePricesCommand } from "../cli/commands/prices";
import { signAliyunRpc, signAwsV4, signTc3, signVolc } from "../cost/refresh/sign";
import { parsePriceBook } from "../cost/price-book";

describe("request signing", () => {
  it("matches AWS's SigV4 test-suite vector (get-vanilla)", () => {
    const h = signAwsV4({ method: "GET", host: "example.amazonaws.com", path: "/", headers: {}, body: "", region: "us-east-1", service: "service", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: new Date("2015-08-30T12:36:00Z") });
    expect(h.authorization).toBe("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  });
  it("matches Alibaba Cloud's RPC signature example (DescribeRegions, secret testsecret)", () => {
    const params = { AccessKeyId: "testid", Action: "DescribeRegions", Format: "XML", SignatureMethod: "HMAC-SHA1", SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", SignatureVersion: "1.0", Timestamp: "2016-02-23T12:46:24Z", Version: "2014-05-26" };
    expect(signAliyunRpc("GET", params, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });
  it("matches Tencent Cloud's documented TC3 worked example (签名方法 v3, CVM DescribeInstances, 1551113065)", () => {
    // Values printed in Tencent's doc (cloud.tencent.com/document/api/213/30654 and its translations):
    // payload hash 35e9c5b0…, signature 72e494ea… for the EXAMPLE key pair, SignedHeaders content-type;host.
    const body = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const h = signTc3({ host: "cvm.tencentcloudapi.com", service: "cvm", action: "DescribeInstances", version: "2017-03-12", region: "ap-guangzhou", body, secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", timestamp: 1551113065, signedHeaders: "content-type;host" });
    expect(h.authorization).toBe("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    expect(h["x-tc-timestamp"]).toBe("1551113065");
    // The kit's default also signs x-tc-action, so the same request gets another signature (and still the documented scope).
    const def = signTc3({ host: "cvm.tencentcloudapi.com", service: "cvm", action: "DescribeInstances", version: "2017-03-12", body, secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", timestamp: 1551113065 });
    expect(def.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE\/2019-02-25\/cvm\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/);
    expect(def.authorization).not.toContain("72e494ea");
  });
  it("matches Volcano Engine's documented signing example (签名方法, GET QueryBalanceAcct, 20250329T180937Z)", () => {
    // Values of volcengine.com/docs/6369/67269's GET example as transcribed (identically) by two independent public test suites.
    const h = signVolc({ method: "GET", host: "billing.volcengineapi.com", path: "/", query: { Action: "QueryBalanceAcct", Version: "2022-01-01" }, body: "", region: "cn-beijing", service: "billing", accessKeyId: "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg", secretAccessKey: "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ==", date: new Date("2025-03-29T18:09:37Z") });
    expect(h["x-date"]).toBe("20250329T180937Z");
    expect(h.authorization).toBe("HMAC-SHA256 Credential=AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg/20250329/cn-beijing/billing/request, SignedHeaders=host;x-date, Signature=1eda9e7e6b1728151a8e8791fdaf67cfbd28bd5c80d0fce2eb208746cf483105");
  });
});

describe("gpukit prices refresh (local mock APIs)", () => {
  const seen: Array<{ cloud: string; ok: boolean }> = [];
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        res.setHeader("content-type", "application/json");
        if (url.pathname === "/aws") {
          const auth = String(req.headers.authorization);
          const resigned = signAwsV4({ method: "POST", host: String(req.headers.host), path: "/aws", body, region: "us-east-1", service: "pricing", headers: { "content-type": String(req.headers["content-type"]), "x-amz-target": String(req.headers["x-amz-target"]) }, accessKeyId: "AKIDTEST", secretAccessKey: "secret", date: new Date(`${String(req.headers["x-amz-date"]).replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, "$1-$2-$3T$4:$5:$6Z")}`) });
          seen.push({ cloud: "aws", ok: auth === resigned.authorization && req.headers["x-amz-target"] === "AWSPriceListService.GetProducts" });
          const type = (JSON.parse(body).Filters as Array<{ Field: string; Value: string }>).find((f) => f.Field === "instanceType")!.Value;
          const product = { product: { attributes: { instanceType: type, regionCode: "us-east-1" } }, terms: { OnDemand: { "X.JRTCKXETXF": { priceDimensions: { "X.JRTCKXETXF.6YS6EN2CT7": { unit: "Hrs", pricePerUnit: { USD: "1.0060000000" } } } } } } };
          res.end(JSON.stringify({ FormatVersion: "aws_v1", PriceList: [JSON.stringify(product)] }));
        } else if (url.pathname === "/ali") {
          const params = Object.fromEntries(url.searchParams);
          const { Signature, ...rest } = params;
          seen.push({ cloud: "alicloud", ok: Signature === signAliyunRpc("GET", rest, "secret") && rest.Action === "DescribePrice" });
          res.end(JSON.stringify({ RequestId: "r", PriceInfo: { Price: { OriginalPrice: 10.5, DiscountPrice: 0.76, TradePrice: 9.74, Currency: "CNY" }, Rules: { Rule: [] } } }));
        } else if (url.pathname === "/") {
          const ts = Number(req.headers["x-tc-timestamp"]);
          const expected = signTc3({ host: String(req.headers.host), service: "cvm", action: "InquiryPriceRunInstances", version: "2017-03-12", region: String(req.headers["x-tc-region"]), body, secretId: "AKIDTC", secretKey: "secret", timestamp: ts });
          seen.push({ cloud: "tencentcloud", ok: req.headers.authorization === expected.authorization });
          res.end(JSON.stringify({ Response: { Price: { InstancePrice: { UnitPrice: 12.3, ChargeUnit: "HOUR", UnitPriceDiscount: 11.07, Discount: 90 } }, RequestId: "r" } }));
        } else {
          res.statusCode = 404;
          res.end("{}");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret", ALIBABA_CLOUD_ACCESS_KEY_ID: "ak", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret", TENCENTCLOUD_SECRET_ID: "AKIDTC", TENCENTCLOUD_SECRET_KEY: "secret" };
  const cli = async (argv: string[], e: Record<string, string> = env) => {
    let stdout = "";
    let stderr = "";
    const code = await main(["prices", "refresh", ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [makePricesCommand(e)]);
    return { code, stdout, stderr };
  };

  it.each([
    ["aws", ["--cloud", "aws", "--region", "us-east-1", "--instance-type", "g5.xlarge", "--endpoint", "/aws"], { cloud: "aws", offering: "g5.xlarge", hourly: 1.006, currency: "USD" }],
    ["alicloud", ["--cloud", "alicloud", "--region", "cn-hangzhou", "--instance-type", "ecs.gn7i-c8g1.2xlarge", "--endpoint", "/ali"], { cloud: "alicloud", offering: "ecs.gn7i-c8g1.2xlarge", hourly: 9.74, currency: "CNY" }],
    ["tencentcloud", ["--cloud", "tencentcloud", "--region", "ap-guangzhou", "--instance-type", "GN7.2XLARGE32", "--image-id", "img-test", "--endpoint", "/"], { cloud: "tencentcloud", offering: "GN7.2XLARGE32", hourly: 11.07, currency: "CNY" }],
  ])("%s: signed request, documented answer → a valid price book", async (cloud, args, entry) => {
    const r = await cli(args.map((a) => (a.startsWith("/") ? `${base}${a}` : a)));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const book = parsePriceBook(parseYaml(r.stdout));
    expect(book.prices).toEqual([expect.objectContaining(entry)]);
    expect(seen.filter((s) => s.cloud === cloud)).toEqual([{ cloud, ok: true }]);
  });

  it("refuses missing credentials (naming the variables) and unknown clouds with exit 2", async () => {
    const aws = await cli(["--cloud", "aws", "--instance-type", "g5.xlarge"], {});
    expect(aws.code).toBe(2);
    expect(aws.stderr).toContain("AWS_ACCESS_KEY_ID");
    expect((await cli(["--cloud", "gcp"])).code).toBe(2);
    const v = await cli(["--cloud", "volcengine", "--instance-type", "ecs.gni2.3xlarge"]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain("VOLCENGINE_ACCESS_KEY");
  });
});
