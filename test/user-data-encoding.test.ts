/**
 * User-data over a cloud's limit is gzip-compressed (cloud-init decompresses it) when that makes it
 * fit, decided in the plan and measured the way each cloud counts (raw bytes or base64 text).
 * Expected sizes are computed by hand.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { runOffline } from "../cli/offline/run";
import { runDeployability } from "../deployability";
import { chooseUserDataEncoding, gzipUserData, userDataBase64 } from "../components/bootstrap/user-data-encoding";
import { hasTool } from "./helpers/tools";

/** `n` characters gzip cannot shrink much: SHA-256 digests of a counter, in base64 (~6 bits per character). */
function noise(n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += createHash("sha256").update(String(i)).digest("base64");
  return out.slice(0, n);
}

describe("chooseUserDataEncoding", () => {
  it("AWS counts raw bytes: 16,384 fit as they are, 16,385 compressible bytes go gzip", () => {
    expect(chooseUserDataEncoding("aws", "a".repeat(16_384))).toMatchObject({ encoding: "plain", size: 16_384, limit: 16_384, fits: true });
    const over = chooseUserDataEncoding("aws", "a".repeat(16_385));
    expect(over).toMatchObject({ encoding: "gzip", plainSize: 16_385, fits: true });
    expect(over.size).toBeLessThan(200);
  });

  it("Tencent counts the base64 text: 12,288 raw bytes are 16,384 after base64 (fit); 12,291 are 16,388 (gzip)", () => {
    expect(chooseUserDataEncoding("tencentcloud", "a".repeat(12_288))).toMatchObject({ encoding: "plain", size: 16_384, fits: true });
    expect(chooseUserDataEncoding("tencentcloud", "a".repeat(12_291))).toMatchObject({ encoding: "gzip", plainSize: 16_388, fits: true });
  });

  it("Alibaba Cloud takes 32 KB raw; Volcano Engine 16 KB raw", () => {
    expect(chooseUserDataEncoding("alicloud", "a".repeat(32_768))).toMatchObject({ encoding: "plain", fits: true });
    expect(chooseUserDataEncoding("volcengine", "a".repeat(16_385)).encoding).toBe("gzip");
  });

  it("text gzip cannot shrink enough does not fit, on every cloud", () => {
    const text = noise(60_000);
    for (const cloud of ["aws", "alicloud", "tencentcloud", "volcengine"] as const) {
      const r = chooseUserDataEncoding(cloud, text);
      expect(r.encoding, cloud).toBe("gzip");
      expect(r.fits, cloud).toBe(false);
      expect(r.size, cloud).toBeGreaterThan(r.limit);
    }
  });

  it("gzip is deterministic (no timestamp) and round-trips; plain base64 is the text", () => {
    const text = "#cloud-config\nruncmd: [ls]\n".repeat(100);
    expect(gzipUserData(text).equals(gzipUserData(text))).toBe(true);
    expect(gzipUserData(text).readUInt32LE(4)).toBe(0); // MTIME field of the gzip header
    expect(gunzipSync(Buffer.from(userDataBase64(text, "gzip"), "base64")).toString("utf8")).toBe(text);
    expect(Buffer.from(userDataBase64(text, "plain"), "base64").toString("utf8")).toBe(text);
  });
});

describe("a gateway on a Tencent Cloud VM target", () => {
  const dir = mkdtempSync(join(tmpdir(), "gpukit-udgz-"));
  const file = join(dir, "Pulumi.gw-tencent.yaml");
  writeFileSync(
    file,
    readFileSync(join(__dirname, "fixtures", "stacks", "Pulumi.gateway-cn-tms.yaml"), "utf8")
      .replace("cloud: alicloud", "cloud: tencentcloud")
      .replace("region: cn-hangzhou", "region: ap-guangzhou")
      .replace("registry-vpc.cn-hangzhou.aliyuncs.com/acme", "ccr.ccs.tencentyun.com/acme"),
  );

  /** The one program run both tests read (each may run first). */
  let planned: ReturnType<typeof runOffline> | undefined;
  const plannedRun = () => (planned ??= runOffline({ stackFile: file, loadProgram: freshProgram }));
  /** The user-data the host receives (base64 of the gzip), from the recorded instance. */
  const sentUserData = async () => String((await plannedRun()).resources.find((r) => r.type === "tencentcloud:Instance/instance:Instance")!.inputs.userData);

  it("plans: its user-data is over 16 KB after base64 as text, so the plan sends it gzip-compressed, and the checks read it", async () => {
    const run = await plannedRun();
    const t = run.plan.targets[0];
    expect(t.gateway).toBeDefined();
    expect(t.bootstrap.userDataEncoding).toBe("gzip");
    expect(Buffer.from(t.bootstrap.userData, "utf8").toString("base64").length).toBeGreaterThan(16_384);
    const host = run.resources.find((r) => r.type === "tencentcloud:Instance/instance:Instance")!;
    expect(host.inputs.userDataRaw).toBeUndefined();
    const sent = String(host.inputs.userData);
    expect(sent.length).toBeLessThanOrEqual(16_384);
    expect(gunzipSync(Buffer.from(sent, "base64")).toString("utf8")).toContain("gpukit-gateway.service");
    expect(runDeployability({ plan: run.plan, resources: run.resources }).findings).toEqual([]);
  });

  it.skipIf(!hasTool("cloud-init") && !process.env.CI)("cloud-init itself decompresses what the host receives into the #cloud-config", async () => {
    expect(hasTool("cloud-init"), "cloud-init is not installed").toBe(true);
    writeFileSync(join(dir, "sent.b64"), await sentUserData());
    const entry = spawnSync("sh", ["-c", "command -v cloud-init"], { encoding: "utf8" }).stdout.trim();
    const python = /^#!\s*(\S+)/.exec(readFileSync(entry, "utf8"))?.[1] ?? "python3";
    const script = [
      "import base64, sys",
      "from cloudinit.user_data import convert_string",
      "msg = convert_string(base64.b64decode(open(sys.argv[1]).read()))",
      "part = [p for p in msg.walk() if not p.is_multipart()][0]",
      "sys.stdout.write(part.get_payload(decode=True).decode()[:13])",
    ].join("\n");
    const r = spawnSync(python, ["-c", script, join(dir, "sent.b64")], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("#cloud-config");
  });
});
