/**
 * The Tencent Cloud VM target: provider, network (with NAT egress), security groups, CLB and GPU host
 * group, composed from the building blocks of this folder under one component.
 */
import * as pulumi from "@pulumi/pulumi";
import { type CloudAdapter, type CloudTarget, type CloudTargetArgs, assertVmTargetFor } from "../adapter";
import { createKubeconfigTarget } from "../kubernetes/target";
import { createTencentcloudHostGroup } from "./host-group";
import { createTencentcloudKubernetesTarget } from "./kubernetes-target";
import { lookupTencentcloudImageId } from "./image";
import { verifyTencentcloudInstanceType } from "./instance-type";
import { createTencentcloudLoadBalancer } from "./load-balancer";
import { createTencentcloudNetwork } from "./network";
import { createTencentcloudProvider } from "./provider";
import { createTencentcloudSecurity } from "./security";
import { createTencentcloudSecrets } from "./secrets";
import { createTencentcloudPgvector } from "./pgvector";
import { createTencentcloudQdrantHost } from "./qdrant-host";
import type { VectorDatabaseOutputs } from "../vector-database/helm";

/** Type token of {@link TencentcloudVmTarget} (frozen). */
export const TENCENTCLOUD_VM_TARGET_TYPE = "gpu-inference:tencentcloud:VmTarget";

/**
 * One target on Tencent Cloud CVM (runtime `vm`). Children are named `${name}-<role>`, parented to
 * this component and created with the explicit `tencentcloud` provider (`args.provider`, or
 * `${name}-provider` for the plan's region). Secrets go to Secrets Manager (SSM), read at boot by
 * the hosts' CAM role (`secrets.ts`); without secrets the hosts get no role.
 */
export class TencentcloudVmTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<CLB VIP>` (listener on 80, or 443 with TLS). */
  declare public readonly endpoint: pulumi.Output<string>;
  /** Scaling group id, or the CVM instance ids joined by `,`. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The provider every child uses. */
  declare public readonly provider: pulumi.ProviderResource;
  /** TencentDB for PostgreSQL (pgvector) or a private Qdrant host beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(TENCENTCLOUD_VM_TARGET_TYPE, name, {}, opts);
    const { plan, tags } = args;
    assertVmTargetFor("tencentcloud", plan, this);
    const provider = args.provider ?? createTencentcloudProvider(name, plan.placement.region, this);
    this.provider = provider;

    const network = createTencentcloudNetwork(name, { plan, tags }, this, provider);
    const security = createTencentcloudSecurity(name, { plan, tags }, this, provider);
    const lb = createTencentcloudLoadBalancer(name, { plan, vpcId: network.vpcId, subnetId: network.lbSubnetId, securityGroupId: security.lbSecurityGroupId, tags }, this, provider);
    // Deploy-time check: the type is sold in every zone with the plan's charge type; the image
    // look-up and the hosts wait on it.
    const instanceType = verifyTencentcloudInstanceType(name, { plan }, this, provider);
    const secrets = createTencentcloudSecrets(name, { plan, secrets: args.secrets, tags }, this, provider);
    this.hostGroupId = createTencentcloudHostGroup(
      name,
      {
        plan,
        instanceType,
        imageId: lookupTencentcloudImageId(name, { plan, instanceType }, this, provider),
        vpcId: network.vpcId,
        hostSubnetIds: network.hostSubnetIds,
        securityGroupId: security.hostSecurityGroupId,
        clbId: lb.clbId,
        listenerId: lb.listenerId,
        egress: network.egress,
        camRoleName: secrets.camRoleName,
        tags,
      },
      this,
      provider,
    );
    this.vectorDatabase = plan.vectorDatabase?.managedPostgres
      ? createTencentcloudPgvector({ plan, vpcId: network.vpcId, hostSubnetIds: network.hostSubnetIds, tags }, this, provider)
      : plan.vectorDatabase?.host
        ? createTencentcloudQdrantHost({ plan, vpcId: network.vpcId, hostSubnetIds: network.hostSubnetIds, egress: network.egress, tags }, this, provider)
        : undefined;
    this.endpoint = lb.endpoint;
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId });
  }
}

/** The Tencent Cloud adapter (`cloud: "tencentcloud"`). */
export const tencentcloudAdapter: CloudAdapter = {
  cloud: "tencentcloud",
  createTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
    // runtime kubernetes: a TKE cluster the kit creates or adopts, or any cluster by kubeconfig.
    if (args.plan.placement.runtime === "kubernetes") {
      return args.plan.kubernetes?.cluster.mode === "kubeconfig" ? createKubeconfigTarget(name, args, opts) : createTencentcloudKubernetesTarget(name, args, opts);
    }
    return new TencentcloudVmTarget(name, args, opts);
  },
};
