/**
 * `gpukit prices refresh`: asks a cloud's price API for the on-demand price of GPU instance types
 * with signed requests and returns price-book entries (one per type, dated today). AWS Price List
 * Query API (`GetProducts`), Alibaba Cloud ECS `DescribePrice`, Tencent Cloud CVM
 * `InquiryPriceRunInstances`, Volcano Engine billing `QueryPriceForPayAsYouGo` (2022-01-01; the action
 * and its fields are in the official SDKs, but the product / configuration codes it takes for ECS are
 * not documented: the kit sends `Product: "ECS"` and the instance type as `ConfigurationCode`, as the
 * public price calculator does, and says so on every line). `endpoint` points any of them at another
 * server (tests use 127.0.0.1).
 */
import { randomUUID } from "node:crypto";
import type { Cloud, Currency } from "../../catalog/schema";
import type { PriceBookEntry } from "../price-book";
import { sha256Hex, signAliyunRpc, signAwsV4, signTc3, signVolc } from "./sign";

/** Credentials and knobs of one refresh. */
export interface RefreshOptions {
  cloud: Cloud;
  region: string;
  instanceTypes: string[];
  /** Base URL of the API; default the cloud's public endpoint. */
  endpoint?: string;
  /** Credentials (AWS key id/secret/token, Alibaba AccessKey, Tencent SecretId/SecretKey). */
  credentials: { id: string; secret: string; token?: string };
  /** Volcano Engine: `Product` code of the inquiry; default `ECS`. */
  volcProduct?: string;
  /** Volcano Engine: `ChargeItemCode` to send (not documented publicly; from your bill or account manager). */
  volcChargeItem?: string;
  /** Tencent: image and zone the inquiry needs. */
  imageId?: string;
  zone?: string;
  now?: Date;
  fetch?: typeof fetch;
}

/** One refresh: the entries found and a message per type that failed. */
export interface RefreshResult {
  entries: PriceBookEntry[];
  errors: string[];
  source: string;
}

/** Default public endpoints. */
export const DEFAULT_ENDPOINTS: Partial<Record<Cloud, string>> = {
  aws: "https://api.pricing.us-east-1.amazonaws.com",
  alicloud: "https://ecs.aliyuncs.com",
  tencentcloud: "https://cvm.tencentcloudapi.com",
  volcengine: "https://billing.volcengineapi.com",
};

/** What the Volcano Engine refresher cannot know from public documentation (printed with every result). */
export const VOLC_CAVEAT =
  "QueryPriceForPayAsYouGo's product and configuration codes for ECS are not publicly documented; the kit sends Product ECS and the instance type as ConfigurationCode (as Volcano Engine's public price calculator does) and reads ConfigList[].Price per hour; check one line against the console before relying on it";

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function awsPrice(o: RefreshOptions, instanceType: string, base: URL, f: typeof fetch): Promise<PriceBookEntry> {
  const filter = (Field: string, Value: string) => ({ Type: "TERM_MATCH", Field, Value });
  const body = JSON.stringify({
    ServiceCode: "AmazonEC2",
    Filters: [filter("instanceType", instanceType), filter("regionCode", o.region), filter("operatingSystem", "Linux"), filter("tenancy", "Shared"), filter("preInstalledSw", "NA"), filter("capacitystatus", "Used")],
    FormatVersion: "aws_v1",
    MaxResults: 100,
  });
  const headers = signAwsV4({
    method: "POST", host: base.host, path: base.pathname || "/", body, region: "us-east-1", service: "pricing",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSPriceListService.GetProducts" },
    accessKeyId: o.credentials.id, secretAccessKey: o.credentials.secret, sessionToken: o.credentials.token, date: o.now ?? new Date(),
  });
  const res = (await json(await f(base, { method: "POST", headers, body }))) as { PriceList?: string[] };
  for (const item of res.PriceList ?? []) {
    const p = JSON.parse(item) as { terms?: { OnDemand?: Record<string, { priceDimensions: Record<string, { unit: string; pricePerUnit: Record<string, string> }> }> } };
    for (const term of Object.values(p.terms?.OnDemand ?? {})) {
      for (const dim of Object.values(term.priceDimensions)) {
        const usd = Number(dim.pricePerUnit.USD);
        if (dim.unit === "Hrs" && usd > 0) return { cloud: "aws", region: o.region, offering: instanceType, hourly: usd, currency: "USD", note: "AWS Price List GetProducts, OnDemand, Linux, shared tenancy" };
      }
    }
  }
  throw new Error("no OnDemand hourly price in the GetProducts answer");
}

async function aliyunPrice(o: RefreshOptions, instanceType: string, base: URL, f: typeof fetch): Promise<PriceBookEntry> {
  const params: Record<string, string> = {
    Action: "DescribePrice", Version: "2014-05-26", Format: "JSON", RegionId: o.region, ResourceType: "instance", InstanceType: instanceType,
    PriceUnit: "Hour", "SystemDisk.Category": "cloud_essd", "SystemDisk.Size": "20",
    AccessKeyId: o.credentials.id, SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", SignatureNonce: randomUUID(),
    Timestamp: (o.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  if (o.credentials.token) params.SecurityToken = o.credentials.token;
  params.Signature = signAliyunRpc("GET", params, o.credentials.secret);
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = (await json(await f(url, { method: "GET" }))) as { PriceInfo?: { Price?: { TradePrice?: number; OriginalPrice?: number; Currency?: string } } };
  const price = res.PriceInfo?.Price;
  if (!price || typeof price.TradePrice !== "number") throw new Error("no PriceInfo.Price.TradePrice in the DescribePrice answer");
  return {
    cloud: "alicloud", region: o.region, offering: instanceType, hourly: price.TradePrice, currency: (price.Currency === "USD" ? "USD" : "CNY") as Currency,
    note: `ECS DescribePrice, pay-as-you-go, TradePrice (list ${price.OriginalPrice ?? "?"}); includes a 20 GiB ESSD system disk`,
  };
}

async function tencentPrice(o: RefreshOptions, instanceType: string, base: URL, f: typeof fetch): Promise<PriceBookEntry> {
  if (!o.imageId) throw new Error("Tencent InquiryPriceRunInstances needs --image-id");
  const body = JSON.stringify({ Placement: { Zone: o.zone ?? `${o.region}-3` }, ImageId: o.imageId, InstanceChargeType: "POSTPAID_BY_HOUR", InstanceType: instanceType, SystemDisk: { DiskType: "CLOUD_PREMIUM", DiskSize: 50 } });
  const headers = signTc3({ host: base.host, service: "cvm", action: "InquiryPriceRunInstances", version: "2017-03-12", region: o.region, body, secretId: o.credentials.id, secretKey: o.credentials.secret, timestamp: Math.floor((o.now ?? new Date()).getTime() / 1000) });
  if (o.credentials.token) headers["x-tc-token"] = o.credentials.token;
  const res = (await json(await f(base, { method: "POST", headers, body }))) as { Response?: { Error?: { Code: string; Message: string }; Price?: { InstancePrice?: { UnitPrice?: number; UnitPriceDiscount?: number; ChargeUnit?: string } } } };
  if (res.Response?.Error) throw new Error(`${res.Response.Error.Code}: ${res.Response.Error.Message}`);
  const p = res.Response?.Price?.InstancePrice;
  const hourly = p?.UnitPriceDiscount ?? p?.UnitPrice;
  if (typeof hourly !== "number" || p?.ChargeUnit !== "HOUR") throw new Error("no hourly InstancePrice in the InquiryPriceRunInstances answer");
  return {
    cloud: "tencentcloud", region: o.region, offering: instanceType, hourly, currency: base.host.includes(".intl.") ? "USD" : "CNY",
    note: `CVM InquiryPriceRunInstances, POSTPAID_BY_HOUR, UnitPriceDiscount (list ${p.UnitPrice ?? "?"}); compute only`,
  };
}

async function volcPrice(o: RefreshOptions, instanceType: string, base: URL, f: typeof fetch): Promise<PriceBookEntry> {
  const config: Record<string, unknown> = { ConfigurationCode: instanceType, Quantity: 1, UseDuration: 1 };
  if (o.volcChargeItem) config.ChargeItemCode = o.volcChargeItem;
  const body = JSON.stringify({ Product: o.volcProduct ?? "ECS", ConfigList: [config] });
  const query = { Action: "QueryPriceForPayAsYouGo", Version: "2022-01-01" };
  const headers = signVolc({
    method: "POST", host: base.host, path: base.pathname || "/", query, body, region: "cn-beijing", service: "billing",
    headers: { "content-type": "application/json; charset=utf-8", "x-content-sha256": sha256Hex(body) },
    accessKeyId: o.credentials.id, secretAccessKey: o.credentials.secret, sessionToken: o.credentials.token, date: o.now ?? new Date(),
  });
  const url = new URL(base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = (await json(await f(url, { method: "POST", headers, body }))) as {
    ResponseMetadata?: { Error?: { Code: string; Message: string } };
    Result?: { Currency?: string; ConfigList?: Array<{ ConfigurationCode?: string; Price?: string; OriginalAmount?: string; DiscountAmount?: string }> };
  };
  const err = res.ResponseMetadata?.Error;
  if (err) throw new Error(`${err.Code}: ${err.Message} (QueryPriceForPayAsYouGo needs Volcano Engine's product/configuration codes, which are not publicly documented; give --volc-charge-item or put the price in a price book)`);
  const line = res.Result?.ConfigList?.find((c) => c.ConfigurationCode === undefined || c.ConfigurationCode === instanceType);
  const hourly = Number(line?.Price);
  if (!line || line.Price === undefined || !Number.isFinite(hourly)) throw new Error("no ConfigList[].Price in the QueryPriceForPayAsYouGo answer");
  return {
    cloud: "volcengine", region: o.region, offering: instanceType, hourly, currency: res.Result?.Currency === "USD" ? "USD" : "CNY",
    note: `Volcano Engine billing QueryPriceForPayAsYouGo, Price (original ${line.OriginalAmount ?? "?"}); unverified request codes: ${VOLC_CAVEAT}`,
  };
}

/** Asks the cloud's price API for every instance type; failures are collected per type. */
export async function refreshPrices(o: RefreshOptions): Promise<RefreshResult> {
  const endpoint = o.endpoint ?? DEFAULT_ENDPOINTS[o.cloud];
  if (!endpoint) throw new Error(`${o.cloud}: no documented price-inquiry API was found for this cloud; put negotiated prices in a price book by hand`);
  const base = new URL(endpoint);
  const f = o.fetch ?? fetch;
  const one = o.cloud === "aws" ? awsPrice : o.cloud === "alicloud" ? aliyunPrice : o.cloud === "volcengine" ? volcPrice : tencentPrice;
  const entries: PriceBookEntry[] = [];
  const errors: string[] = [];
  for (const t of o.instanceTypes) {
    try {
      entries.push(await one(o, t, base, f));
    } catch (error) {
      errors.push(`${t}: ${(error as Error).message}`);
    }
  }
  return { entries, errors, source: `${o.cloud} price API at ${base.origin}` };
}
