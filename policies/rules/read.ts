/**
 * Readers of resource props across the four clouds: scalars, tags, user-data, ingress rules and
 * listener protocols. Every reader goes through the props object it is given, so under the policy
 * host (props wrapped in `unknownCheckingProxy`) a value unknown at preview throws
 * `UnknownValueError` and the host reports "can't run policy … during preview" (advisory), exactly
 * as for any other policy. Pure; no Pulumi import.
 */
import { ALL_PORTS, parsePorts, type PortRange } from "../../deployability/net";

/** Props as the host passes them (inputs for resource rules, outputs-so-far for stack rules). */
export type Props = Record<string, unknown>;

/** String value or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Number (also numeric strings) or undefined. */
export function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Boolean (also `"true"`/`"false"`, as AWS launch templates take them) or undefined. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

/** Array value or empty. */
export function list(v: unknown): Props[] {
  return Array.isArray(v) ? (v as Props[]) : [];
}

/** Cloud of a type token (`aws:ec2/…`, `pulumi:providers:aws` → `aws`). */
export function cloudOf(type: string): string {
  return type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0]!;
}

/**
 * Tags of a resource as a map: `tags` as a map (AWS, Alibaba, Tencent) or a `[{key, value}]` list
 * (Volcano Engine, AWS auto-scaling groups), merged over the AWS provider's `defaultTags.tags`.
 * Undefined when the resource has no tag input at all.
 */
export function tagsOf(props: Props, providerProps?: Props): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let seen = false;
  const defaults = (providerProps?.defaultTags as Props | undefined)?.tags;
  if (defaults && typeof defaults === "object") {
    seen = true;
    Object.assign(out, defaults);
  }
  const tags = props.tags;
  if (Array.isArray(tags)) {
    seen = true;
    for (const t of tags as Props[]) if (typeof t?.key === "string") out[t.key] = String(t.value ?? "");
  } else if (tags && typeof tags === "object") {
    seen = true;
    for (const [k, v] of Object.entries(tags as Props)) out[k] = String(v);
  }
  return seen ? out : undefined;
}

/** User-data fields per type, and whether they are base64. */
const USER_DATA: Record<string, { field: string; base64: boolean }[]> = {
  "aws:ec2/launchTemplate:LaunchTemplate": [{ field: "userData", base64: true }],
  "aws:ec2/instance:Instance": [{ field: "userData", base64: false }, { field: "userDataBase64", base64: true }],
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": [{ field: "userData", base64: true }],
  "alicloud:ecs/instance:Instance": [{ field: "userData", base64: false }],
  "tencentcloud:Instance/instance:Instance": [{ field: "userDataRaw", base64: false }, { field: "userData", base64: true }],
  "tencentcloud:As/scalingConfig:ScalingConfig": [{ field: "userData", base64: true }],
  "volcengine:ecs/instance:Instance": [{ field: "userData", base64: true }],
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": [{ field: "userData", base64: true }],
};

/** Types that carry user-data (boot scripts of GPU hosts). */
export const USER_DATA_TYPES: readonly string[] = Object.keys(USER_DATA);

/** Decodes base64 when it looks like base64 of text; returns the input otherwise. */
function maybeBase64(s: string): string {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(s) || s.length % 4 !== 0) return s;
  const text = Buffer.from(s, "base64").toString("utf8");
  return /[\u0000-\u0008\uFFFD]/.test(text) ? s : text;
}

/** The decoded user-data texts of a resource (empty when none). */
export function userDataOf(type: string, props: Props): string[] {
  const out: string[] = [];
  for (const { field, base64 } of USER_DATA[type] ?? []) {
    const v = str(props[field]);
    if (v) out.push(base64 ? maybeBase64(v) : v);
  }
  return out;
}

/** One ingress permission, normalised. */
export interface Ingress {
  cidr: string | undefined;
  /** Source is another security group (AWS `referencedSecurityGroupId`, Alibaba `sourceSecurityGroupId`). */
  sourceGroup: boolean;
  ports: PortRange[];
  protocol: string;
}

/** Ingress rule types the readers understand. */
export const INGRESS_TYPES: readonly string[] = [
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
  "alicloud:ecs/securityGroupRule:SecurityGroupRule",
  "tencentcloud:Security/groupRuleSet:GroupRuleSet",
  "volcengine:vpc/securityGroupRule:SecurityGroupRule",
];

function awsPorts(p: Props): PortRange[] {
  const proto = String(p.ipProtocol ?? p.protocol ?? "");
  if (proto === "-1" || proto === "all") return [ALL_PORTS];
  const from = num(p.fromPort);
  const to = num(p.toPort);
  return from === undefined ? [ALL_PORTS] : [[from, to ?? from]];
}

function volcPorts(p: Props): PortRange[] {
  const start = num(p.portStart);
  const end = num(p.portEnd);
  if (start === undefined || start < 0) return [ALL_PORTS];
  return [[start, end === undefined || end < 0 ? start : end]];
}

/** The ingress permissions a resource grants (empty for egress rules and other types). */
export function ingressOf(type: string, props: Props): Ingress[] {
  switch (type) {
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      return [{ cidr: str(props.cidrIpv4) ?? str(props.cidrIpv6), sourceGroup: props.referencedSecurityGroupId !== undefined || props.prefixListId !== undefined, ports: awsPorts(props), protocol: String(props.ipProtocol ?? "") }];
    case "aws:ec2/securityGroupRule:SecurityGroupRule":
      if (props.type !== "ingress") return [];
      return [...list(props.cidrBlocks).map(String), ...list(props.ipv6CidrBlocks).map(String)].map((cidr) => ({ cidr, sourceGroup: false, ports: awsPorts(props), protocol: String(props.protocol ?? "") }));
    case "aws:ec2/securityGroup:SecurityGroup":
      return list(props.ingress).flatMap((r) =>
        [...list(r.cidrBlocks).map(String), ...list(r.ipv6CidrBlocks).map(String)].map((cidr) => ({ cidr, sourceGroup: false, ports: awsPorts(r), protocol: String(r.protocol ?? "") })),
      );
    case "alicloud:ecs/securityGroupRule:SecurityGroupRule":
      if (props.type !== "ingress" || (props.policy ?? "accept") !== "accept") return [];
      return [{ cidr: str(props.cidrIp) ?? str(props.ipv6CidrIp), sourceGroup: props.sourceSecurityGroupId !== undefined, ports: parsePorts(props.portRange), protocol: String(props.ipProtocol ?? "") }];
    case "tencentcloud:Security/groupRuleSet:GroupRuleSet":
      return list(props.ingresses)
        .filter((r) => String(r.action ?? "").toUpperCase() === "ACCEPT")
        .map((r) => ({ cidr: str(r.cidrBlock) ?? str(r.ipv6CidrBlock), sourceGroup: r.sourceSecurityId !== undefined, ports: parsePorts(r.port), protocol: String(r.protocol ?? "") }));
    case "volcengine:vpc/securityGroupRule:SecurityGroupRule":
      if (props.direction !== "ingress" || (props.policy ?? "accept") !== "accept") return [];
      return [{ cidr: str(props.cidrIp), sourceGroup: props.sourceGroupId !== undefined, ports: volcPorts(props), protocol: String(props.protocol ?? "") }];
    default:
      return [];
  }
}

/** Listener types and the field holding their protocol. */
export const LISTENER_PROTOCOL: Readonly<Record<string, string>> = {
  "aws:lb/listener:Listener": "protocol",
  "alicloud:alb/listener:Listener": "listenerProtocol",
  "tencentcloud:Clb/listener:Listener": "protocol",
  "volcengine:clb/listener:Listener": "protocol",
};

/** Load-balancer types and whether their props say internet-facing. */
export const LOAD_BALANCER_PUBLIC: Readonly<Record<string, (p: Props) => boolean>> = {
  "aws:lb/loadBalancer:LoadBalancer": (p) => bool(p.internal) !== true,
  "alicloud:alb/loadBalancer:LoadBalancer": (p) => String(p.addressType ?? "") === "Internet",
  "tencentcloud:Clb/instance:Instance": (p) => String(p.networkType ?? "") === "OPEN",
  "volcengine:clb/clb:Clb": (p) => String(p.type ?? "") === "public",
};
