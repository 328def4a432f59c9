/**
 * Thin bindings for Tencent Cloud Load Balancer: instance, listener and backend attachment
 * (pulumi-tencentcloud v0.2.3, Appendix A). The kit uses layer-4 listeners (`TCP`, `TCP_SSL`) that
 * carry their health check themselves; `tencentcloud:Clb/listenerRule:ListenerRule` exists in v0.2.3
 * (`sdk/nodejs/clb/listenerRule.ts`) but is not used (see `../load-balancer.ts` for why).
 */
import * as pulumi from "@pulumi/pulumi";
import { TENCENTCLOUD_PLUGIN, ThinResource } from "../../providers/thin";
import type { TencentTags } from "./vpc";

/** Inputs of `tencentcloud:Clb/instance:Instance` we use. */
export interface ClbInstanceArgs {
  /** Letters, digits, `_`, `-`, Chinese characters (required). */
  clbName: pulumi.Input<string>;
  /** `OPEN` (internet-facing) or `INTERNAL` (required). */
  networkType: pulumi.Input<"OPEN" | "INTERNAL">;
  vpcId?: pulumi.Input<string>;
  /** Required for `INTERNAL`: the VIP comes from this subnet. */
  subnetId?: pulumi.Input<string>;
  /** Security groups of the CLB itself (OPEN and INTERNAL). */
  securityGroups?: pulumi.Input<pulumi.Input<string>[]>;
  /** When true, backends only check the CLB's security group for traffic coming through the CLB. */
  loadBalancerPassToTarget?: pulumi.Input<boolean>;
  addressIpVersion?: pulumi.Input<string>;
  internetChargeType?: pulumi.Input<string>;
  /** Mbps, OPEN only. */
  internetBandwidthMaxOut?: pulumi.Input<number>;
  masterZoneId?: pulumi.Input<string>;
  slaveZoneId?: pulumi.Input<string>;
  deleteProtect?: pulumi.Input<boolean>;
  projectId?: pulumi.Input<number>;
  tags?: TencentTags;
}

/** A CLB instance. */
export class ClbInstance extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Clb/instance:Instance";
  /** VIPs of the CLB. */
  declare public readonly clbVips: pulumi.Output<string[]>;
  /** Domain of the CLB (not assigned for every account). */
  declare public readonly domain: pulumi.Output<string>;

  constructor(name: string, args: ClbInstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(ClbInstance.__pulumiType, name, args, ["addressIpv6", "clbVips", "domain", "ipv6Mode"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** Inputs of `tencentcloud:Clb/listener:Listener` we use. */
export interface ClbListenerArgs {
  clbId: pulumi.Input<string>;
  listenerName: pulumi.Input<string>;
  /** `TCP`, `UDP`, `HTTP`, `HTTPS`, `TCP_SSL`, `QUIC`. */
  protocol: pulumi.Input<"TCP" | "UDP" | "HTTP" | "HTTPS" | "TCP_SSL" | "QUIC">;
  port?: pulumi.Input<number>;
  /** HTTPS / TCP_SSL only. */
  certificateId?: pulumi.Input<string>;
  /** `UNIDIRECTIONAL` or `MUTUAL`; HTTPS / TCP_SSL only. */
  certificateSslMode?: pulumi.Input<"UNIDIRECTIONAL" | "MUTUAL">;
  certificateCaId?: pulumi.Input<string>;
  healthCheckSwitch?: pulumi.Input<boolean>;
  /** `CUSTOM`, `TCP`, `HTTP`, `HTTPS`, `PING`, `GRPC`. */
  healthCheckType?: pulumi.Input<string>;
  /** HTTP path: TCP listener with an HTTP check only (never TCP_SSL, see `checkHealthCheckPara`). */
  healthCheckHttpPath?: pulumi.Input<string>;
  /** `HEAD` or `GET`. */
  healthCheckHttpMethod?: pulumi.Input<string>;
  /** Bit mask 1–31: 1=1xx, 2=2xx, 4=3xx, 8=4xx, 16=5xx. */
  healthCheckHttpCode?: pulumi.Input<number>;
  healthCheckHttpDomain?: pulumi.Input<string>;
  /** `HTTP/1.0` or `HTTP/1.1`; TCP listener with an HTTP check only. */
  healthCheckHttpVersion?: pulumi.Input<string>;
  /** Defaults to the backend port. */
  healthCheckPort?: pulumi.Input<number>;
  /** Seconds, 2–300, default 5. */
  healthCheckIntervalTime?: pulumi.Input<number>;
  /** Seconds, 2–60, default 2; below the interval. */
  healthCheckTimeOut?: pulumi.Input<number>;
  /** 2–10, default 3. */
  healthCheckHealthNum?: pulumi.Input<number>;
  /** 2–10, default 3. */
  healthCheckUnhealthNum?: pulumi.Input<number>;
  /** `WRR` (default) or `LEAST_CONN`. */
  scheduler?: pulumi.Input<string>;
  /** `NODE` or `TARGETGROUP`. */
  targetType?: pulumi.Input<string>;
  /** Seconds, TCP only. */
  idleConnectTimeout?: pulumi.Input<number>;
  sessionExpireTime?: pulumi.Input<number>;
}

/** A CLB listener. */
export class ClbListener extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Clb/listener:Listener";
  declare public readonly listenerId: pulumi.Output<string>;

  constructor(name: string, args: ClbListenerArgs, opts?: pulumi.CustomResourceOptions) {
    super(ClbListener.__pulumiType, name, args, ["listenerId"], TENCENTCLOUD_PLUGIN, opts);
  }
}

/** A backend (`AttachmentTarget`): `instanceId` or `eniIp`, and the port. */
export interface ClbAttachmentTarget {
  instanceId?: pulumi.Input<string>;
  eniIp?: pulumi.Input<string>;
  port: pulumi.Input<number>;
  /** 0–100, default 10. */
  weight?: pulumi.Input<number>;
}

/** Inputs of `tencentcloud:Clb/attachment:Attachment`. */
export interface ClbAttachmentArgs {
  clbId: pulumi.Input<string>;
  listenerId: pulumi.Input<string>;
  targets: pulumi.Input<pulumi.Input<ClbAttachmentTarget>[]>;
  /** Layer-7 rule id (HTTP/HTTPS listeners only). */
  ruleId?: pulumi.Input<string>;
  domain?: pulumi.Input<string>;
  url?: pulumi.Input<string>;
}

/** Binds CVM instances to a listener. */
export class ClbAttachment extends ThinResource {
  public static readonly __pulumiType = "tencentcloud:Clb/attachment:Attachment";

  constructor(name: string, args: ClbAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(ClbAttachment.__pulumiType, name, args, ["protocolType"], TENCENTCLOUD_PLUGIN, opts);
  }
}
