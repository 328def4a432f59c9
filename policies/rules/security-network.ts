/**
 * Network security rules over the four clouds' security-group rules, listeners and load
 * balancers: no SSH/RDP from the internet, the engine port reachable only from the load balancer,
 * HTTPS listeners where required, no internet-open listener without an API key or gateway, and
 * data stores (vector database, managed PostgreSQL) never public.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { cidrContains, coversPort, isAnywhere } from "../../deployability/net";
import { NO_CONTEXT, stackContext } from "./context";
import { targetOf } from "./fleet";
import { bool, ingressOf, INGRESS_TYPES, LISTENER_PROTOCOL, list, LOAD_BALANCER_PUBLIC, str } from "./read";
import { configOf, type KitRule } from "./types";

/** Administrative endpoints other than security-group rules: a reason when open to the internet. */
const ADMIN_ENDPOINTS: Record<string, (p: Record<string, unknown>) => string | undefined> = {
  "aws:eks/cluster:Cluster": (p) => {
    const vpc = (p.vpcConfig ?? {}) as Record<string, unknown>;
    if (bool(vpc.endpointPublicAccess) === false) return undefined;
    const cidrs = list(vpc.publicAccessCidrs).map(String);
    return !cidrs.length || cidrs.some(isAnywhere) ? "the Kubernetes API endpoint is public and open to 0.0.0.0/0 (vpcConfig.endpointPublicAccess / publicAccessCidrs)" : undefined;
  },
  "alicloud:cs/managedKubernetes:ManagedKubernetes": (p) =>
    bool(p.slbInternetEnabled) === false ? undefined : "the Kubernetes API server gets an internet-facing SLB (slbInternetEnabled is not false; the provider's default is true)",
  "tencentcloud:Kubernetes/cluster:Cluster": (p) => (bool(p.clusterInternet) === true ? "the TKE API server has an internet endpoint (clusterInternet is true)" : undefined),
  "tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint": (p) => (bool(p.clusterInternet) === true ? "the TKE API server gets an internet endpoint (clusterInternet is true)" : undefined),
  "volcengine:vke/cluster:Cluster": (p) =>
    bool((p.clusterConfig as Record<string, unknown> | undefined)?.apiServerPublicAccessEnabled) === false ? undefined : "the VKE API server has a public endpoint (clusterConfig.apiServerPublicAccessEnabled is not false)",
  "volcengine:vke/kubeconfig:Kubeconfig": (p) => (str(p.type) === "Public" ? "a kubeconfig for the VKE public endpoint is issued (type Public)" : undefined),
  "aws:eks/nodeGroup:NodeGroup": (p) => {
    const remote = p.remoteAccess as Record<string, unknown> | undefined;
    return remote && !list(remote.sourceSecurityGroupIds).length ? "remoteAccess without sourceSecurityGroupIds opens SSH (22) to the internet" : undefined;
  },
};

const adminSchema: PolicyConfigSchema = { properties: { ports: { type: "array", items: { type: "integer" }, default: [22, 3389], description: "Administrative ports never open to 0.0.0.0/0 or ::/0." } } };
export const noAdminPortsOpen: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_24", "CKV_AWS_25", "CKV_ALI_2", "CKV_ALI_3", "CIS AWS 5.2", "CKV_AWS_39"], types: [...INGRESS_TYPES, ...Object.keys(ADMIN_ENDPOINTS)] },
  policy: {
    name: "sec-no-admin-ports-open",
    description: "No security-group rule admits SSH (22) or RDP (3389) from the internet.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the rule; reach hosts through the cloud's session manager (SSM, Cloud Assistant, TAT) or a bastion with a narrow CIDR.",
    configSchema: adminSchema,
    validateResource: (args, report) => {
      const endpoint = ADMIN_ENDPOINTS[args.type];
      if (endpoint) {
        const why = endpoint(args.props);
        if (why) report(`${args.name}: ${why}`);
        return;
      }
      if (!INGRESS_TYPES.includes(args.type)) return args.notApplicable("not a security-group rule");
      const cfg = configOf<{ ports: number[] }>(adminSchema, args.getConfig);
      for (const rule of ingressOf(args.type, args.props)) {
        if (rule.sourceGroup || !rule.cidr || !isAnywhere(rule.cidr)) continue;
        const open = cfg.ports.filter((p) => rule.ports.some((r) => coversPort(r, p)));
        if (open.length) report(`${args.name} admits port(s) ${open.join(", ")} from ${rule.cidr}`);
      }
    },
  },
};

const engineSchema: PolicyConfigSchema = {
  properties: {
    enginePorts: { type: "array", items: { type: "integer" }, default: [8000], description: "Engine ports when the plan is not available." },
    allowedSourceCidrs: { type: "array", items: { type: "string" }, default: [], description: "Extra CIDRs allowed on the engine port (besides the plan's load-balancer sources)." },
  },
};
export const enginePortLbOnly: KitRule = {
  meta: { category: "security", controls: [], types: [...INGRESS_TYPES] },
  policy: {
    name: "sec-engine-port-lb-only",
    description: "The engine port admits only the load balancer: its security group, or the load-balancer subnets / documented source ranges the plan names.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Admit the engine port from the load balancer's security group (AWS) or the plan's load-balancer CIDRs only; clients reach the listener, never the engine.",
    configSchema: engineSchema,
    validateResource: (args, report) => {
      if (!INGRESS_TYPES.includes(args.type)) return args.notApplicable("not a security-group rule");
      const cfg = configOf<{ enginePorts: number[]; allowedSourceCidrs: string[] }>(engineSchema, args.getConfig);
      const target = targetOf(args.name, stackContext()?.plan);
      const ports = target ? [target.engine.port] : cfg.enginePorts;
      // Kubernetes nodes: in-cluster sources (the VPC, the pod CIDR) reach pods on the engine port only as the
      // engine NetworkPolicy admits (deployability kubernetes-workload checks it); outside sources stay refused.
      const inCluster = target?.kubernetes && target.kubernetes.cluster.mode !== "kubeconfig" ? [target.network.vpcCidr, target.kubernetes.cluster.networks?.podCidr].filter((c): c is string => Boolean(c)) : [];
      const allowed = [...(target?.loadBalancer.backendAccess.cidrs ?? []), ...inCluster, ...cfg.allowedSourceCidrs];
      for (const rule of ingressOf(args.type, args.props)) {
        const hit = ports.filter((p) => rule.ports.some((r) => coversPort(r, p)));
        if (!hit.length || rule.sourceGroup) continue;
        if (!rule.cidr) {
          report(`${args.name} admits engine port ${hit.join(", ")} from an unstated source`);
        } else if (isAnywhere(rule.cidr) || !allowed.some((a) => cidrContains(a, rule.cidr!))) {
          report(`${args.name} admits engine port ${hit.join(", ")} from ${rule.cidr}; only the load balancer (${allowed.length ? allowed.join(", ") : "its security group"}) may reach it`);
        }
      }
    },
  },
};

const HTTPS = new Set(["HTTPS", "TLS", "TCP_SSL", "QUIC", "TERMINATED_HTTPS"]);
const httpsSchema: PolicyConfigSchema = { properties: { requireHttps: { type: "boolean", default: false, description: "Every listener terminates TLS (HTTPS)." } } };
export const httpsListeners: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_2", "CKV_TC_12", "Checkov alicloud TLSPoliciesAreSecure"], types: Object.keys(LISTENER_PROTOCOL) },
  policy: {
    name: "sec-https-listeners",
    description: "Listeners terminate TLS (HTTPS) where the environment requires it (prod).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set loadBalancer.tls.certificateId (ACM ARN or the cloud's certificate id): the listener becomes HTTPS on 443.",
    configSchema: httpsSchema,
    validateResource: (args, report) => {
      const field = LISTENER_PROTOCOL[args.type];
      if (!field) return args.notApplicable("not a listener");
      const cfg = configOf<{ requireHttps: boolean }>(httpsSchema, args.getConfig);
      if (!cfg.requireHttps) return;
      const protocol = str(args.props[field]);
      if (!protocol) report(`${args.name} has no ${field}: cannot tell whether it terminates TLS`);
      else if (!HTTPS.has(protocol.toUpperCase())) report(`${args.name} listens with ${protocol}; this environment requires HTTPS`);
    },
  },
};

/** ACL / rule types whose entries admit clients to a listener. */
const CLIENT_ACL_TYPES = ["alicloud:alb/aclEntryAttachment:AclEntryAttachment", "volcengine:clb/acl:Acl"];
/** Resources that restrict which clients reach a listener. */
const CLIENT_RESTRICTION_TYPES = [
  "alicloud:alb/listenerAclAttachment:ListenerAclAttachment",
  "volcengine:clb/listener:Listener",
  // AWS ALBs and Tencent CLBs always sit behind a security group whose ingress the kit writes
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:ec2/securityGroup:SecurityGroup",
  "tencentcloud:Security/groupRuleSet:GroupRuleSet",
];
const openSchema: PolicyConfigSchema = { properties: { gatewayTypes: { type: "array", items: { type: "string" }, default: [], description: "Resource types of an authenticating gateway in front of the listener." } } };
export const openListenerNeedsAuth: KitRule = {
  meta: { category: "security", controls: ["Checkov alicloud ALBACLIsUnrestricted"], types: [...Object.keys(LOAD_BALANCER_PUBLIC), ...CLIENT_ACL_TYPES] },
  policy: {
    name: "sec-open-listener-auth",
    description: "An internet-facing load balancer open to 0.0.0.0/0 has an engine API key (engine.apiKeySecret) or an authenticating gateway (spec gateway, or a configured gateway type).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Set engine.apiKeySecret (a secret config key), put a gateway in front, or narrow loadBalancer.allowedCidrs.",
    configSchema: openSchema,
    validateStack: (args, report) => {
      const cfg = configOf<{ gatewayTypes: string[] }>(openSchema, args.getConfig);
      const publicLbs = args.resources.filter((r) => LOAD_BALANCER_PUBLIC[r.type]?.(r.props));
      if (!publicLbs.length) return;
      const ctx = stackContext();
      if (!ctx) return report(NO_CONTEXT);
      // an engine API key, the kit's gateway (spec `gateway`: keys per consumer) or a configured gateway type
      if (ctx.spec.engine.apiKeySecret || (ctx.spec as { gateway?: unknown }).gateway || args.resources.some((r) => cfg.gatewayTypes.includes(r.type))) return;
      const inTarget = (prefix: string) => args.resources.filter((r) => r.name.split("-")[0] === prefix);
      for (const lb of publicLbs) {
        const prefix = lb.name.split("-")[0]!;
        const scope = inTarget(prefix);
        const open = scope.filter((r) =>
          r.type === "alicloud:alb/aclEntryAttachment:AclEntryAttachment" ? isAnywhere(String(r.props.entry ?? "")) :
          r.type === "volcengine:clb/acl:Acl" ? list(r.props.aclEntries).some((e) => isAnywhere(String(e.entry ?? ""))) :
          ingressOf(r.type, r.props).some((i) => !i.sourceGroup && i.cidr !== undefined && isAnywhere(i.cidr)),
        );
        // no client allow-list at all (Alibaba ALB without an ACL, Volcano CLB listener with the ACL off) is open too
        const restricted = scope.some((r) => CLIENT_RESTRICTION_TYPES.includes(r.type) && !(r.type === "volcengine:clb/listener:Listener" && r.props.aclStatus !== "on"));
        if (open.length || !restricted) report(`${lb.name} is internet-facing and open to the internet (${open.length ? open.map((o) => o.name).join(", ") : "no client allow-list"}) with no engine API key and no gateway`, lb.urn);
      }
    },
  },
};

/** Data-store types and how each says "public". */
const DATA_STORE_PUBLIC: Record<string, (p: Record<string, unknown>) => boolean | undefined> = {
  "aws:rds/instance:Instance": (p) => bool(p.publiclyAccessible) ?? false,
  "alicloud:rds/instance:Instance": (p) => list(p.securityIps).some((c) => isAnywhere(String(c))) || (p.dbInstanceNetType === "Internet" ? true : false),
  "tencentcloud:Postgresql/instance:Instance": (p) => bool(p.publicAccessSwitch) ?? false,
  "volcengine:rds_postgresql/allowList:AllowList": (p) => list(p.allowLists).some((c) => isAnywhere(String(c))),
  // The gateway's shared rate-limit state (Redis): VPC-only on AWS, a whitelist on Alibaba Cloud.
  "aws:elasticache/replicationGroup:ReplicationGroup": (p) => list(p.securityGroupIds).length === 0,
  "alicloud:kvstore/instance:Instance": (p) => String(p.securityIps ?? "").split(",").some((c) => isAnywhere(c.trim())),
  "kubernetes:helm.sh/v3:Release": (p) => {
    if (!/qdrant|milvus|postgres|pgvector/i.test(String(p.chart ?? ""))) return false;
    return /"type":"(LoadBalancer|NodePort)"/.test(JSON.stringify(p.values ?? {}));
  },
  "kubernetes:core/v1:Service": (p) => {
    const spec = (p.spec ?? {}) as Record<string, unknown>;
    const app = JSON.stringify((p.metadata as Record<string, unknown> | undefined)?.labels ?? {});
    return /qdrant|milvus|pgvector|postgres/i.test(app) ? spec.type === "LoadBalancer" || spec.type === "NodePort" : false;
  },
};
export const dataStoresPrivate: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_17", "CKV_ALI_9", "Checkov tencentcloud CDBInternetService"], types: Object.keys(DATA_STORE_PUBLIC) },
  policy: {
    name: "sec-data-stores-private",
    description: "The vector database and managed PostgreSQL are never reachable from the internet.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Keep the database in the VPC: publiclyAccessible false, no 0.0.0.0/0 in the allow list, a ClusterIP service.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      const isPublic = DATA_STORE_PUBLIC[args.type];
      if (!isPublic) return args.notApplicable("not a data store");
      if (isPublic(args.props)) report(`${args.name} (${args.type}) is reachable from the internet`);
    },
  },
};

/** The network security rules. */
export const NETWORK_RULES: readonly KitRule[] = [noAdminPortsOpen, enginePortLbOnly, httpsListeners, openListenerNeedsAuth, dataStoresPrivate];
