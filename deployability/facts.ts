/**
 * Cloud facts the deployability checks rely on, as data with their source and status:
 * `documented` when read in the vendor's docs or the provider SDK/typings, `inferred` when derived
 * from related docs, the kit's own code or third-party reports. Nothing here was measured on a live
 * account.
 *
 * Facts that already live in `catalog/facts/` (load-balancer sources, NAT placement, metadata
 * services, image floors, registries) are read from there, never copied; this module holds what the
 * checks need on top: the type tokens and input names per cloud, which host groups replace hosts on
 * load-balancer health and with which grace input, and where each cloud's disks are sized.
 */
import type { Cloud } from "../catalog/schema";

/** How sure we are of a fact (same scale as `catalog/facts/load-balancers.ts`). */
export type FactStatus = "documented" | "inferred";

/** A fact's provenance. */
export interface FactSource {
  source: string;
  status: FactStatus;
}

/** Maps the catalog's `verified`/`unverified` scale onto this one. */
export function asFactStatus(status: string): FactStatus {
  return status === "verified" || status === "documented" ? "documented" : "inferred";
}

// ---------------------------------------------------------------------------------------------
// Providers

/** The explicit provider of a cloud: `pulumi:providers:<pkg>` with a `region` input. */
export interface ProviderFact extends FactSource {
  /** Resource type of the provider. */
  providerType: string;
  /** Package prefix of the cloud's resource tokens (`aws`, `alicloud`, ...). */
  pkg: string;
  /** Provider input that holds the region. */
  regionInput: "region";
  /** Resource input that overrides the provider's region per resource, when the provider has one. */
  resourceRegionInput: "region" | null;
}

export const PROVIDER_FACTS: Readonly<Record<Cloud, ProviderFact>> = {
  aws: {
    providerType: "pulumi:providers:aws",
    pkg: "aws",
    regionInput: "region",
    // pulumi-aws 7 added a per-resource `region` argument (e.g. node_modules/@pulumi/aws/ec2/vpc.d.ts `region?`).
    resourceRegionInput: "region",
    source: "node_modules/@pulumi/aws/provider.d.ts (ProviderArgs.region); node_modules/@pulumi/aws/ec2/vpc.d.ts (VpcArgs.region, pulumi-aws 7)",
    status: "documented",
  },
  alicloud: {
    providerType: "pulumi:providers:alicloud",
    pkg: "alicloud",
    regionInput: "region",
    resourceRegionInput: null,
    source:
      "node_modules/@pulumi/alicloud/provider.d.ts (ProviderArgs.region); without it the TF provider falls back to cn-beijing (aliyun/terraform-provider-alicloud alicloud/provider.go, real-path review aws-alicloud #1)",
    status: "documented",
  },
  tencentcloud: {
    providerType: "pulumi:providers:tencentcloud",
    pkg: "tencentcloud",
    regionInput: "region",
    resourceRegionInput: null,
    source: "github:tencentcloudstack/pulumi-tencentcloud v0.2.3 sdk/nodejs/provider.ts (ProviderArgs.region); components/tencentcloud/resources/provider.ts",
    status: "documented",
  },
  volcengine: {
    providerType: "pulumi:providers:volcengine",
    pkg: "volcengine",
    regionInput: "region",
    resourceRegionInput: null,
    source: "github:volcengine/pulumi-volcengine v0.0.47 sdk/nodejs/provider.ts (ProviderArgs.region); components/volcengine/resources/provider.ts",
    status: "documented",
  },
};

// ---------------------------------------------------------------------------------------------
// Type tokens the checks read, per cloud

/** Tokens per role. Arrays where a cloud has more than one way to express the role. */
export interface CloudTokens extends FactSource {
  /** Launch templates / scaling configurations / instances: where user-data, disks and groups are set. */
  hostTemplates: readonly string[];
  /** Host groups that may replace hosts (scaling groups). */
  scalingGroups: readonly string[];
  securityGroups: readonly string[];
  /** Resources that carry ingress rules. */
  securityRules: readonly string[];
  loadBalancers: readonly string[];
  subnets: readonly string[];
  natGateways: readonly string[];
  eips: readonly string[];
  eipAssociations: readonly string[];
  routeTables: readonly string[];
  routes: readonly string[];
  routeTableAssociations: readonly string[];
  snatEntries: readonly string[];
  internetGateways: readonly string[];
}

export const TOKENS: Readonly<Record<Cloud, CloudTokens>> = {
  aws: {
    hostTemplates: ["aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/instance:Instance"],
    scalingGroups: ["aws:autoscaling/group:Group"],
    securityGroups: ["aws:ec2/securityGroup:SecurityGroup"],
    securityRules: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:ec2/securityGroup:SecurityGroup"],
    loadBalancers: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    subnets: ["aws:ec2/subnet:Subnet"],
    natGateways: ["aws:ec2/natGateway:NatGateway"],
    eips: ["aws:ec2/eip:Eip"],
    eipAssociations: [],
    routeTables: ["aws:ec2/routeTable:RouteTable"],
    routes: ["aws:ec2/route:Route"],
    routeTableAssociations: ["aws:ec2/routeTableAssociation:RouteTableAssociation"],
    snatEntries: [],
    internetGateways: ["aws:ec2/internetGateway:InternetGateway"],
    source: "node_modules/@pulumi/aws 7.48.0 (__pulumiType of each class)",
    status: "documented",
  },
  alicloud: {
    hostTemplates: ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "alicloud:ess/scalingConfiguration:ScalingConfiguration", "alicloud:ecs/instance:Instance"],
    scalingGroups: ["alicloud:ess/scalingGroup:ScalingGroup"],
    securityGroups: ["alicloud:ecs/securityGroup:SecurityGroup"],
    securityRules: ["alicloud:ecs/securityGroupRule:SecurityGroupRule"],
    loadBalancers: ["alicloud:alb/loadBalancer:LoadBalancer"],
    subnets: ["alicloud:vpc/switch:Switch"],
    natGateways: ["alicloud:vpc/natGateway:NatGateway"],
    eips: ["alicloud:ecs/eipAddress:EipAddress"],
    eipAssociations: ["alicloud:ecs/eipAssociation:EipAssociation"],
    routeTables: [],
    routes: [],
    routeTableAssociations: [],
    snatEntries: ["alicloud:vpc/snatEntry:SnatEntry"],
    internetGateways: [],
    source: "node_modules/@pulumi/alicloud 3.108.0 (__pulumiType of each class)",
    status: "documented",
  },
  tencentcloud: {
    hostTemplates: ["tencentcloud:Instance/instance:Instance", "tencentcloud:As/scalingConfig:ScalingConfig"],
    scalingGroups: ["tencentcloud:As/scalingGroup:ScalingGroup"],
    securityGroups: ["tencentcloud:Security/group:Group"],
    securityRules: ["tencentcloud:Security/groupRuleSet:GroupRuleSet"],
    loadBalancers: ["tencentcloud:Clb/instance:Instance"],
    subnets: ["tencentcloud:Subnet/instance:Instance"],
    natGateways: ["tencentcloud:Nat/gateway:Gateway"],
    eips: ["tencentcloud:Eip/instance:Instance"],
    eipAssociations: ["tencentcloud:Eip/association:Association"],
    routeTables: ["tencentcloud:Vpc/routeTable:RouteTable", "tencentcloud:Route/table:Table"],
    routes: ["tencentcloud:Route/tableEntry:TableEntry"],
    routeTableAssociations: [],
    snatEntries: [],
    internetGateways: [],
    source:
      "github:tencentcloudstack/pulumi-tencentcloud sdk/nodejs/{nat/gateway.ts,route/tableEntry.ts,vpc/routeTable.ts,eip/instance.ts} (__pulumiType); components/tencentcloud/resources/*.ts",
    status: "documented",
  },
  volcengine: {
    hostTemplates: ["volcengine:ecs/instance:Instance", "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration"],
    scalingGroups: ["volcengine:autoscaling/scalingGroup:ScalingGroup"],
    securityGroups: ["volcengine:vpc/securityGroup:SecurityGroup"],
    securityRules: ["volcengine:vpc/securityGroupRule:SecurityGroupRule"],
    loadBalancers: ["volcengine:clb/clb:Clb"],
    subnets: ["volcengine:vpc/subnet:Subnet"],
    natGateways: ["volcengine:nat/gateway:Gateway"],
    eips: ["volcengine:eip/address:Address"],
    eipAssociations: ["volcengine:eip/associate:Associate"],
    routeTables: [],
    routes: [],
    routeTableAssociations: [],
    snatEntries: ["volcengine:nat/snatEntry:SnatEntry"],
    internetGateways: [],
    source: "github:volcengine/pulumi-volcengine v0.0.47 sdk/nodejs/{nat/gateway.ts,nat/snatEntry.ts,eip/address.ts,eip/associate.ts} (__pulumiType); components/volcengine/resources/*.ts",
    status: "documented",
  },
};

// ---------------------------------------------------------------------------------------------
// Egress

/** How a cloud's NAT gateway gets its public address, and how the checks see it. */
export interface EgressFact extends FactSource {
  /** `allocation`: the NAT input names the EIP (AWS `allocationId`); `association`: a separate EIP association names the NAT (Alibaba, Volcano Engine); `assigned-ips`: the NAT input lists the EIP addresses (Tencent `assignedEipSets`). */
  eipBinding: "allocation" | "association" | "assigned-ips";
  /** `eipAssociations` input values that mean "bound to a NAT gateway". */
  natInstanceType: string | null;
}

export const EGRESS_FACTS: Readonly<Record<Cloud, EgressFact>> = {
  aws: {
    eipBinding: "allocation",
    natInstanceType: null,
    source: "node_modules/@pulumi/aws/ec2/natGateway.d.ts (allocationId; connectivityType public|private); https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
    status: "documented",
  },
  alicloud: {
    eipBinding: "association",
    natInstanceType: "Nat",
    source:
      "node_modules/@pulumi/alicloud/ecs/eipAssociation.d.ts (instanceType Nat), vpc/snatEntry.d.ts (sourceVswitchId | sourceCidr); the enhanced NAT adds the 0.0.0.0/0 route itself (terraform-provider-alicloud website/docs/r/nat_gateway.html.markdown)",
    status: "documented",
  },
  tencentcloud: {
    eipBinding: "assigned-ips",
    natInstanceType: null,
    source:
      "github:tencentcloudstack/pulumi-tencentcloud sdk/nodejs/nat/gateway.ts (assignedEipSets, required, 1-10 EIP addresses), route/tableEntry.ts (nextType NAT, nextHub = gateway id); a VPC has no default internet route (real-path review tencent-volcengine #4)",
    status: "documented",
  },
  volcengine: {
    eipBinding: "association",
    natInstanceType: "Nat",
    source: "github:volcengine/pulumi-volcengine sdk/nodejs/nat/snatEntry.ts (example: eip.Associate instanceType Nat; SnatEntry natGatewayId, eipId, subnetId | sourceCidr)",
    status: "documented",
  },
};

// ---------------------------------------------------------------------------------------------
// Health-check grace

export * from "./facts-hosts";

/** Where a host template keeps its user-data and security groups, and how it asks for metadata tokens. */
export interface HostTemplateFact {
  /** Inputs that may carry user-data (base64 or plain), first present wins. */
  userData: readonly string[];
  /** Inputs that list security group ids (string or array), all read. */
  securityGroups: readonly string[];
  /** Input path whose value `required` means token-only metadata, or null when the template has none. */
  httpTokens: string | null;
}

export const HOST_TEMPLATE_FACTS: Readonly<Record<string, HostTemplateFact>> = {
  "aws:ec2/launchTemplate:LaunchTemplate": { userData: ["userData"], securityGroups: ["vpcSecurityGroupIds", "securityGroupNames", "networkInterfaces[].securityGroups"], httpTokens: "metadataOptions.httpTokens" },
  "aws:ec2/instance:Instance": { userData: ["userData", "userDataBase64"], securityGroups: ["vpcSecurityGroupIds", "securityGroups"], httpTokens: "metadataOptions.httpTokens" },
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": { userData: ["userData"], securityGroups: ["securityGroupId", "securityGroupIds"], httpTokens: "httpTokens" },
  "alicloud:ess/scalingConfiguration:ScalingConfiguration": { userData: ["userData"], securityGroups: ["securityGroupId", "securityGroupIds"], httpTokens: null },
  "alicloud:ecs/instance:Instance": { userData: ["userData"], securityGroups: ["securityGroups"], httpTokens: "httpTokens" },
  "tencentcloud:Instance/instance:Instance": { userData: ["userDataRaw", "userData"], securityGroups: ["orderlySecurityGroups", "securityGroups"], httpTokens: null },
  "tencentcloud:As/scalingConfig:ScalingConfig": { userData: ["userData"], securityGroups: ["securityGroupIds"], httpTokens: null },
  "volcengine:ecs/instance:Instance": { userData: ["userData"], securityGroups: ["securityGroupIds"], httpTokens: null },
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": { userData: ["userData"], securityGroups: ["securityGroupIds"], httpTokens: null },
};

/** Source of {@link HOST_TEMPLATE_FACTS}. */
export const HOST_TEMPLATE_SOURCE: FactSource = {
  source:
    "node_modules/@pulumi/aws/ec2/launchTemplate.d.ts (userData base64, metadataOptions.httpTokens, vpcSecurityGroupIds); node_modules/@pulumi/alicloud/ecs/ecsLaunchTemplate.d.ts (userData, httpTokens, securityGroupIds); components/{tencentcloud,volcengine}/resources/*.ts",
  status: "documented",
};

// ---------------------------------------------------------------------------------------------
// Registries from mainland China (on top of catalog/facts/registries.ts)

/**
 * Which of the clouds' own registries (catalog `CLOUD_REGISTRIES`) a mainland host can rely on:
 * the three Chinese clouds' registries, and ECR only in the China partition (`*.amazonaws.com.cn`);
 * ECR in global regions crosses the border like any foreign registry. VPC-only endpoints are reached
 * only from the same cloud and region.
 */
export const MAINLAND_REGISTRIES: FactSource & { clouds: readonly Cloud[]; hostSuffixes: readonly string[] } = {
  clouds: ["alicloud", "tencentcloud", "volcengine"],
  hostSuffixes: [".amazonaws.com.cn"],
  source:
    "/work/shared/reference/engines.md §3.3 China egress notes (mirror images into ACR, TCR or CR); real-path review aws-alicloud #3; https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html (ECR in the China partition)",
  status: "inferred",
};

// ---------------------------------------------------------------------------------------------
// Security-group egress

/**
 * Whether a cloud's security group starts with no egress (so the kit must add what the hosts and
 * the load balancer send): AWS (the provider deletes the default allow-all egress rule) and Tencent
 * Cloud when the kit writes the group's whole rule set (`Security/groupRuleSet` replaces every rule;
 * a rule set without an accepting egress sends nothing). Alibaba Cloud and Volcano Engine groups
 * keep their default allow-all egress.
 */
export const SG_EGRESS_FACTS: Readonly<Record<Cloud, FactSource & { startsClosed: boolean }>> = {
  aws: {
    startsClosed: true,
    source: "node_modules/@pulumi/aws/ec2/securityGroup.d.ts (NOTE on Egress rules: the provider removes AWS's default ALLOW ALL egress rule)",
    status: "documented",
  },
  alicloud: {
    startsClosed: false,
    source: "https://www.alibabacloud.com/help/en/ecs/user-guide/overview-44 (basic security groups allow all outbound traffic by default)",
    status: "inferred",
  },
  tencentcloud: {
    startsClosed: true,
    source: "github:tencentcloudstack/pulumi-tencentcloud sdk/nodejs/security/groupRuleSet.ts (the rule set is the group's complete ordered rule list); components/tencentcloud/resources/security.ts",
    status: "inferred",
  },
  volcengine: {
    startsClosed: false,
    source: "https://docs.byteplus.com/en/docs/vpc/Security-group-overview (custom groups: outbound passes all traffic by default)",
    status: "documented",
  },
};
