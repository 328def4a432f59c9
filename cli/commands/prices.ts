/**
 * `gpukit prices refresh`: asks a cloud's price API (signed requests) for the on-demand price of
 * the catalog's GPU instance types in a region and writes a price book (YAML) that `gpukit cost
 * --price-book` reads. Credentials come from the usual environment variables of each cloud.
 */
import * as fs from "node:fs";
import { stringify } from "yaml";
import { loadCatalog } from "../../catalog";
import { findRegion, offeringsIn } from "../../catalog/lookup";
import { CLOUDS, type Cloud } from "../../catalog/schema";
import { parsePriceBook } from "../../cost/price-book";
import { refreshPrices, VOLC_CAVEAT } from "../../cost/refresh/refresh";
import { EXIT, UsageError, examplesHelp, stringValue, type CliCommand } from "../command";

/** Environment variables holding each cloud's credentials: [id, secret, session token]. */
export const CREDENTIAL_ENV: Record<Cloud, [string, string, string]> = {
  aws: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"],
  alicloud: ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"],
  tencentcloud: ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN"],
  volcengine: ["VOLCENGINE_ACCESS_KEY", "VOLCENGINE_SECRET_KEY", "VOLCENGINE_SESSION_TOKEN"],
};

/** Builds the prices command; `env` defaults to `process.env`. */
export function makePricesCommand(env: Record<string, string | undefined> = process.env): CliCommand {
  return {
    name: "prices",
    summary: "Refresh GPU instance prices from a cloud's price API into a price book",
    description: [
      "refresh: asks the cloud's price API with signed requests (AWS Price List GetProducts, Alibaba ECS DescribePrice,",
      "Tencent CVM InquiryPriceRunInstances, Volcano Engine billing QueryPriceForPayAsYouGo) for the on-demand price of the",
      "catalog's GPU instance types in a region and prints a price book (YAML) dated today. Volcano Engine's inquiry codes for",
      "ECS are not publicly documented: its lines say so; negotiated or console prices go in a price book (gpukit cost --price-book).",
    ].join(" "),
    arguments: [{ syntax: "<action>", description: "refresh" }],
    options: {
      cloud: { type: "string", valueName: "cloud", description: `cloud: ${CLOUDS.join(", ")}` },
      region: { type: "string", valueName: "region", description: "region id (default: the first catalog region of the cloud)" },
      endpoint: { type: "string", valueName: "url", description: "API base URL instead of the cloud's public endpoint (e.g. a local mock)" },
      "instance-type": { type: "string", valueName: "types", description: "comma-separated instance types (default: the catalog's offerings in the region)" },
      "image-id": { type: "string", valueName: "id", description: "Tencent: image id the price inquiry needs" },
      zone: { type: "string", valueName: "zone", description: "Tencent: zone of the inquiry (default: the region's first catalog zone)" },
      "volc-product": { type: "string", valueName: "code", description: "Volcano Engine: Product code of QueryPriceForPayAsYouGo (default ECS)" },
      "volc-charge-item": { type: "string", valueName: "code", description: "Volcano Engine: ChargeItemCode to send (not publicly documented; from your bill or account manager)" },
      out: { type: "string", valueName: "file", description: "write the price book here instead of stdout" },
    },
    helpAfter: [
      "Exit codes: 0 done, 2 invalid input or config (every problem on stderr), 3 internal error (no price could be read).",
      `Credentials: ${Object.entries(CREDENTIAL_ENV).map(([c, [id, secret]]) => `${c} ${id}/${secret}`).join("; ")}.`,
      `Volcano Engine: ${VOLC_CAVEAT}.`,
      "",
      examplesHelp(["gpukit prices refresh --cloud aws --region us-east-1 --out prices/aws.yaml", "gpukit cost --stack staging --price-book prices/aws.yaml"]),
    ].join("\n"),
    async run(values, positionals, io) {
      if (positionals[0] !== "refresh" || positionals.length !== 1) throw new UsageError(`unknown action ${JSON.stringify(positionals.join(" "))}; the only action is refresh`);
      const cloud = stringValue(values, "cloud");
      if (!cloud || !(CLOUDS as readonly string[]).includes(cloud)) throw new UsageError(`--cloud must be one of ${CLOUDS.join(", ")} (given ${JSON.stringify(cloud ?? "")})`);
      const c = cloud as Cloud;
      const catalog = loadCatalog();
      const region = stringValue(values, "region") ?? catalog.regions.find((r) => r.cloud === c)!.region;
      if (!findRegion(catalog, c, region)) throw new UsageError(`unknown ${c} region ${JSON.stringify(region)}`);
      const types = stringValue(values, "instance-type")?.split(",").map((t) => t.trim()).filter(Boolean) ?? offeringsIn(catalog, c, region).map((o) => o.instanceType);
      if (!types.length) throw new UsageError(`no ${c} GPU offerings in ${region}; give --instance-type`);
      const [idVar, secretVar, tokenVar] = CREDENTIAL_ENV[c];
      const id = env[idVar];
      const secret = env[secretVar];
      if (!id || !secret) throw new UsageError(`set ${idVar} and ${secretVar} (credentials of a read-only price account)`);
      const result = await refreshPrices({
        cloud: c, region, instanceTypes: types, endpoint: stringValue(values, "endpoint"), credentials: { id, secret, token: env[tokenVar] },
        imageId: stringValue(values, "image-id"), zone: stringValue(values, "zone") ?? findRegion(catalog, c, region)!.zones[0],
        volcProduct: stringValue(values, "volc-product"), volcChargeItem: stringValue(values, "volc-charge-item"),
      });
      if (c === "volcengine") io.stderr(`note: ${VOLC_CAVEAT}. Components (NAT, CLB, EIP, disks) are not refreshed: put them in a price book.\n`);
      for (const e of result.errors) io.stderr(`warning: ${e}\n`);
      if (!result.entries.length) {
        io.stderr(`No price could be read from the ${result.source}.${c === "volcengine" ? " Without working inquiry codes, write the Volcano Engine prices from the console or your contract into a price book (see README, Price books) and pass it to gpukit cost --price-book." : ""}\n`);
        return EXIT.internal;
      }
      const date = new Date().toISOString().slice(0, 10);
      const book = parsePriceBook({ name: `${c}-${region}-${date}`, date, note: `Fetched from the ${result.source} on ${date} by gpukit prices refresh.`, prices: result.entries }, "refreshed price book");
      const text = stringify(book);
      const out = stringValue(values, "out");
      if (out) fs.writeFileSync(out, text);
      else io.stdout(text);
      if (out) io.stderr(`wrote ${out}: ${book.prices.length} price(s)\n`);
      return EXIT.ok;
    },
  };
}

/** The `prices` command as the CLI runs it. */
export const pricesCommand = makePricesCommand();
