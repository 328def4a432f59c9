/**
 * Thin bindings for Volcano Engine CLB: load balancer, server group, backend server, listener and
 * access-control list (pulumi-volcengine v0.0.47, Appendix B; the ACL from `sdk/nodejs/clb/acl.ts`).
 * Enum values use the API spellings (`small_1`, `http_2xx`, `cert_center`), not the camel-cased
 * forms tfgen wrote into some doc strings.
 */
import * as pulumi from "@pulumi/pulumi";
import { VOLCENGINE_PLUGIN, ThinResource } from "../../providers/thin";
import type { VolcengineTags } from "./vpc";

/** EIP created with a public CLB (`ClbEipBillingConfig`). */
export interface ClbEipBillingConfig {
  /** `PostPaidByBandwidth` or `PostPaidByTraffic` (required). */
  eipBillingType: pulumi.Input<string>;
  /** `BGP`, `ChinaMobile`, `ChinaUnicom`, `ChinaTelecom`, … (required). */
  isp: pulumi.Input<string>;
  /** Peak bandwidth, Mbps. */
  bandwidth?: pulumi.Input<number>;
  bandwidthPackageId?: pulumi.Input<string>;
}

/** Inputs of `volcengine:clb/clb:Clb` we use. */
export interface ClbArgs {
  /** `public` or `private` (required). */
  type: pulumi.Input<"public" | "private">;
  /** Subnet of the CLB's private address (required). */
  subnetId: pulumi.Input<string>;
  vpcId?: pulumi.Input<string>;
  loadBalancerName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** API spelling: `small_1`, `small_2`, `medium_1`, `medium_2`, `large_1`, `large_2`. */
  loadBalancerSpec?: pulumi.Input<string>;
  /** `PostPaid` (default), `PrePaid`, `PostPaidByLCU`. */
  loadBalancerBillingType?: pulumi.Input<string>;
  /** Public CLBs only. */
  eipBillingConfig?: pulumi.Input<ClbEipBillingConfig>;
  masterZoneId?: pulumi.Input<string>;
  slaveZoneId?: pulumi.Input<string>;
  /** `on` or `off`. */
  bypassSecurityGroupEnabled?: pulumi.Input<string>;
  projectName?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A CLB. */
export class Clb extends ThinResource {
  public static readonly __pulumiType = "volcengine:clb/clb:Clb";
  /** Public address of a public CLB. */
  declare public readonly eipAddress: pulumi.Output<string>;
  /** Private address of the CLB. */
  declare public readonly eniAddress: pulumi.Output<string>;

  constructor(name: string, args: ClbArgs, opts?: pulumi.CustomResourceOptions) {
    super(Clb.__pulumiType, name, args, ["eipAddress", "eipId", "ipv6EipId", "eniAddress"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:clb/serverGroup:ServerGroup`. */
export interface ServerGroupArgs {
  loadBalancerId: pulumi.Input<string>;
  serverGroupName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** `instance` (default) or `ip`. */
  type?: pulumi.Input<"instance" | "ip">;
  addressIpVersion?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A backend server group. */
export class ServerGroup extends ThinResource {
  public static readonly __pulumiType = "volcengine:clb/serverGroup:ServerGroup";

  constructor(name: string, args: ServerGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(ServerGroup.__pulumiType, name, args, [], VOLCENGINE_PLUGIN, opts);
  }
}

/** Inputs of `volcengine:clb/serverGroupServer:ServerGroupServer`. */
export interface ServerGroupServerArgs {
  serverGroupId: pulumi.Input<string>;
  /** ECS instance id (type `ecs`), ENI id or IP. */
  instanceId: pulumi.Input<string>;
  /** `ecs`, `eni` or `ip`. */
  type: pulumi.Input<"ecs" | "eni" | "ip">;
  port: pulumi.Input<number>;
  /** 0–100. */
  weight?: pulumi.Input<number>;
  ip?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

/** One backend in a server group. */
export class ServerGroupServer extends ThinResource {
  public static readonly __pulumiType = "volcengine:clb/serverGroupServer:ServerGroupServer";
  declare public readonly serverId: pulumi.Output<string>;

  constructor(name: string, args: ServerGroupServerArgs, opts?: pulumi.CustomResourceOptions) {
    super(ServerGroupServer.__pulumiType, name, args, ["serverId"], VOLCENGINE_PLUGIN, opts);
  }
}

/** Listener health check (`ListenerHealthCheck`); `on`/`off` strings, API enum spellings. */
export interface ListenerHealthCheck {
  enabled?: pulumi.Input<"on" | "off">;
  /** `GET` or `HEAD`. */
  method?: pulumi.Input<"GET" | "HEAD">;
  uri?: pulumi.Input<string>;
  domain?: pulumi.Input<string>;
  /** API spelling: `http_2xx`, `http_3xx`, `http_4xx`, `http_5xx` (comma-separated). */
  httpCode?: pulumi.Input<string>;
  port?: pulumi.Input<number>;
  /** Seconds, 1–300, default 2. */
  interval?: pulumi.Input<number>;
  /** Seconds, 1–60, default 2. */
  timeout?: pulumi.Input<number>;
  /** 2–10, default 3. */
  healthyThreshold?: pulumi.Input<number>;
  /** 2–10, default 3. */
  unHealthyThreshold?: pulumi.Input<number>;
}

/** Inputs of `volcengine:clb/listener:Listener` we use. */
export interface ListenerArgs {
  loadBalancerId: pulumi.Input<string>;
  /** `TCP`, `UDP`, `HTTP`, `HTTPS`. */
  protocol: pulumi.Input<"TCP" | "UDP" | "HTTP" | "HTTPS">;
  port: pulumi.Input<number>;
  serverGroupId: pulumi.Input<string>;
  listenerName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** HTTPS only. */
  certificateId?: pulumi.Input<string>;
  /**
   * `clb` or `cert_center` (terraform-provider-volcengine v0.0.194
   * `volcengine/clb/listener/resource_volcengine_listener.go`; the kit does not send it).
   */
  certificateSource?: pulumi.Input<string>;
  enabled?: pulumi.Input<"on" | "off">;
  /** `wrr`, `wlc`, `sh`. */
  scheduler?: pulumi.Input<"wrr" | "wlc" | "sh">;
  healthCheck?: pulumi.Input<ListenerHealthCheck>;
  /** Seconds, 30–3600 (HTTP/HTTPS). */
  proxyReadTimeout?: pulumi.Input<number>;
  /** Seconds, 30–3600 (HTTP/HTTPS). */
  proxySendTimeout?: pulumi.Input<number>;
  /** `off`, `source_ip`, `insert`, `server` (API spellings). */
  persistenceType?: pulumi.Input<string>;
  /** Ids of `volcengine:clb/acl:Acl`s checked when `aclStatus` is `on`. */
  aclIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** `on` or `off`. */
  aclStatus?: pulumi.Input<"on" | "off">;
  /** `white` (only the ACLs' entries may connect) or `black`. */
  aclType?: pulumi.Input<"white" | "black">;
  tags?: VolcengineTags;
}

/** A CLB listener. */
export class Listener extends ThinResource {
  public static readonly __pulumiType = "volcengine:clb/listener:Listener";
  declare public readonly listenerId: pulumi.Output<string>;

  constructor(name: string, args: ListenerArgs, opts?: pulumi.CustomResourceOptions) {
    super(Listener.__pulumiType, name, args, ["listenerId"], VOLCENGINE_PLUGIN, opts);
  }
}

/** One entry of an ACL (`AclAclEntry`): a source IPv4 CIDR. */
export interface AclAclEntry {
  /** CIDR, e.g. `203.0.113.0/24` (required). */
  entry: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

/**
 * Inputs of `volcengine:clb/acl:Acl`. The entries are a set inside the ACL (`aclEntries`); the SDK
 * also has `volcengine:clb/aclEntry:AclEntry` for managing single entries, which the kit does not mix in.
 */
export interface AclArgs {
  aclName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  aclEntries?: pulumi.Input<pulumi.Input<AclAclEntry>[]>;
  projectName?: pulumi.Input<string>;
  tags?: VolcengineTags;
}

/** A CLB access-control list, attached to listeners through `aclIds`. */
export class Acl extends ThinResource {
  public static readonly __pulumiType = "volcengine:clb/acl:Acl";

  constructor(name: string, args: AclArgs, opts?: pulumi.CustomResourceOptions) {
    super(Acl.__pulumiType, name, args, ["createTime"], VOLCENGINE_PLUGIN, opts);
  }
}
