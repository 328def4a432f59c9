/**
 * The policy pack entry, run by the Pulumi CLI's policy host
 * (`pulumi preview --policy-pack policies --policy-pack-config policies/config/<env>.json`).
 * Constructing `PolicyPack` starts the policy server (gRPC) and keeps the process alive, so this
 * file does nothing else and nothing imports it: tests and `gpukit check` import ./rules.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./rules";

new PolicyPack(PACK_NAME, {
  description: "Cost, security, deployability and compliance gates of gpu-inference-kit (AWS, Alibaba Cloud, Tencent Cloud, Volcano Engine).",
  enforcementLevel: "advisory",
  policies: POLICIES,
});
