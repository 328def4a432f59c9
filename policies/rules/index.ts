/**
 * Every rule of the pack, by concern, and the list of resource types no security rule needs to
 * see (with the reason). `policies/index.ts` hands {@link POLICIES} to `PolicyPack`; `gpukit check`
 * runs the same array offline. Import this module (never the pack entry, which starts the policy
 * server) from tests and tools.
 */
import { COMPLIANCE_RULES } from "./compliance";
import { COST_RULES } from "./cost";
import { DEPLOYABILITY_RULES } from "./deployability";
import { HOST_RULES } from "./security-host";
import { NETWORK_RULES } from "./security-network";
import type { KitPolicy, KitRule } from "./types";

export type { KitPolicy, KitRule, RuleCategory, RuleMeta, Severity } from "./types";
export { configOf, schemaDefaults } from "./types";
export { setStackContext, stackContext, type StackContext } from "./context";

/** Name of the policy pack. */
export const PACK_NAME = "gpu-inference-kit";

/** Every rule, in report order: cost, security, deployability, compliance. */
export const RULES: readonly KitRule[] = [...COST_RULES, ...NETWORK_RULES, ...HOST_RULES, ...DEPLOYABILITY_RULES, ...COMPLIANCE_RULES];

/** The policies handed to `PolicyPack`. */
export const POLICIES: KitPolicy[] = RULES.map((r) => r.policy);

/** The rule named `name`. */
export function ruleNamed(name: string): KitRule | undefined {
  return RULES.find((r) => r.policy.name === name);
}

/**
 * Types the kit creates that no security rule inspects, and why. A type the kit adds later that is
 * neither here nor in a security rule's `types` fails test/policy-coverage.test.ts.
 */
export const SECURITY_NOT_APPLICABLE: Readonly<Record<string, string>> = {
  "aws:ec2/internetGateway:InternetGateway": "routing object: no ports, data or credentials",
  "aws:ec2/natGateway:NatGateway": "egress only: accepts no inbound connections",
  "aws:ec2/route:Route": "routing entry",
  "aws:ec2/routeTable:RouteTable": "routing table",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "routing association",
  "aws:ec2/subnet:Subnet": "addressing; host public IPs are checked on the launch template",
  "aws:ec2/vpc:Vpc": "network container",
  "aws:iam/instanceProfile:InstanceProfile": "binds the role; its permissions are scoped by the kit's role policy (least privilege reviewed in components/aws/secrets.ts)",
  "aws:iam/role:Role": "trust policy for EC2 only",
  "aws:iam/rolePolicy:RolePolicy": "grants read of the stack's own secrets only",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "attaches the SSM managed-instance policy",
  "aws:lb/targetGroup:TargetGroup": "target registration; reachability is checked on security-group rules",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "egress rule: host egress is intended (image, weight and secret pulls)",
  "pulumi:providers:aws": "provider configuration (region checked by deployability-provider-region)",
  "pulumi:providers:alicloud": "provider configuration (region checked by deployability-provider-region)",
  "pulumi:providers:tencentcloud": "provider configuration (region checked by deployability-provider-region)",
  "pulumi:providers:volcengine": "provider configuration (region checked by deployability-provider-region)",
  "alicloud:alb/acl:Acl": "container of entries; entries are checked (sec-open-listener-auth)",
  "alicloud:alb/listenerAclAttachment:ListenerAclAttachment": "binds the ACL to the listener",
  "alicloud:alb/serverGroup:ServerGroup": "backend registration",
  "alicloud:ecs/eipAddress:EipAddress": "allocated for the NAT gateway; association to hosts is checked",
  "alicloud:ecs/securityGroup:SecurityGroup": "container of rules; rules are checked",
  "alicloud:kms/key:Key": "encryption key of the secret parameters",
  "alicloud:oos/secretParameter:SecretParameter": "encrypted secret store (the right place for secrets)",
  "alicloud:ram/policy:Policy": "grants read of the stack's own secrets only",
  "alicloud:ram/role:Role": "trust policy for ECS only",
  "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": "attaches the policy above",
  "alicloud:vpc/natGateway:NatGateway": "egress only",
  "alicloud:vpc/network:Network": "network container",
  "alicloud:vpc/snatEntry:SnatEntry": "egress translation",
  "alicloud:vpc/switch:Switch": "addressing",
  "alicloud:ess/scalingGroup:ScalingGroup": "group of hosts built from the launch template, which is checked",
  "aws:autoscaling/group:Group": "group of hosts built from the launch template, which is checked",
  "tencentcloud:As/scalingGroup:ScalingGroup": "group of hosts built from the scaling configuration, which is checked",
  "volcengine:autoscaling/scalingGroup:ScalingGroup": "group of hosts built from the scaling configuration, which is checked",
  "volcengine:autoscaling/scalingConfigurationAttachment:ScalingConfigurationAttachment": "binds the configuration to the group",
  "volcengine:autoscaling/scalingGroupEnabler:ScalingGroupEnabler": "enables the group",
  "tencentcloud:Clb/attachment:Attachment": "backend registration",
  "tencentcloud:Ssm/secret:Secret": "encrypted secret store (the right place for secrets); its presence is checked by deployability-secret-access",
  "tencentcloud:Ssm/secretVersion:SecretVersion": "the secret's value, a Pulumi secret (deployability-secret-access fails a plain value)",
  "tencentcloud:Cam/role:Role": "trust policy for CVM only (deployability-secret-access)",
  "tencentcloud:Cam/policy:Policy": "grants ssm:GetSecretValue on the target's own secrets only; deployability-secret-access fails any other action, wildcard or secret",
  "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment": "attaches the policy above",
  "volcengine:kms/secret:Secret": "encrypted secret store (the right place for secrets), its value a Pulumi secret; checked by deployability-secret-access",
  "volcengine:iam/role:Role": "trust policy for ECS only (deployability-secret-access)",
  "volcengine:iam/policy:Policy": "grants kms:GetSecretValue on the target's own secrets only; deployability-secret-access fails any other action, wildcard or secret",
  "volcengine:iam/rolePolicyAttachment:RolePolicyAttachment": "attaches the policy above",
  "volcengine:ecs/iamRoleAttachment:IamRoleAttachment": "binds the hosts' role to each instance (deployability-secret-access)",
  "tencentcloud:Eip/instance:Instance": "allocated for the NAT gateway",
  "tencentcloud:Nat/gateway:Gateway": "egress only",
  "tencentcloud:Route/table:Table": "routing table",
  "tencentcloud:Route/tableEntry:TableEntry": "routing entry",
  "tencentcloud:Security/group:Group": "container of rules; the rule set is checked",
  "tencentcloud:Subnet/instance:Instance": "addressing",
  "tencentcloud:Vpc/instance:Instance": "network container",
  "volcengine:clb/serverGroup:ServerGroup": "backend registration",
  "volcengine:clb/serverGroupServer:ServerGroupServer": "backend registration",
  "volcengine:eip/address:Address": "allocated for the NAT gateway; association to hosts is checked",
  "volcengine:nat/gateway:Gateway": "egress only",
  "volcengine:nat/snatEntry:SnatEntry": "egress translation",
  "volcengine:vpc/securityGroup:SecurityGroup": "container of rules; rules are checked",
  "volcengine:vpc/subnet:Subnet": "addressing",
  "volcengine:vpc/vpc:Vpc": "network container",
  "aws:eks/addon:Addon": "cluster add-on (VPC CNI, device plugin): no exposure of its own",
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": "binds the Cluster Autoscaler's role (least-privilege policy in components/aws/cluster-autoscaler.ts) to its service account",
  "aws:kms/key:Key": "encryption key (of EKS secrets / node volumes)",
  "kubernetes:core/v1:Namespace": "grouping object",
  "kubernetes:core/v1:Secret": "secret store: values come from Pulumi secrets (the right place for them)",
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": "replica bounds (cost rules read scaling groups; pod autoscaling is bounded by the node group)",
  "kubernetes:policy/v1:PodDisruptionBudget": "availability object",
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": "a network restriction itself (narrows traffic, never opens it)",
  "kubernetes:networking.k8s.io/v1:Ingress": "a route, never a listener of its own: the gateway's routes (class higress) must each be behind key-auth and the expose Ingress carries the client source ranges, both checked by deployability-gateway-port and deployability-kubernetes-workload",
  "kubernetes:yaml/v2:ConfigFile": "pinned CRD manifests (Gateway API v1.4.0, Inference Extension v1.1.0): schemas, no ports, data or credentials",
  "kubernetes:gateway.networking.k8s.io/v1:Gateway": "listener of the Higress gateway pods (port 80), which the gateway's Service and its source ranges front; checked by deployability-gateway-port",
  "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": "a route to the InferencePool, never a listener of its own: each must be named in a key-auth rule, checked by deployability-gateway-port",
  "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant": "admits HTTPRoutes of higress-system to the one InferencePool only",
  "kubernetes:inference.networking.k8s.io/v1:InferencePool": "selects the engine pods; reached only through the gateway's key-authed HTTPRoutes",
  "kubernetes:core/v1:ConfigMap": "plain configuration (the endpoint picker's scorer plugins); secret values go to Secrets from Pulumi secrets",
  "kubernetes:core/v1:ServiceAccount": "identity of the endpoint picker; its permissions are the Role and ClusterRole below",
  "kubernetes:rbac.authorization.k8s.io/v1:Role": "endpoint picker: get/watch/list of inferencepools, inferenceobjectives and pods in the engine namespace only (upstream chart rbac.yaml)",
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": "binds the endpoint picker's Role to its ServiceAccount",
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": "endpoint picker: create tokenreviews and subjectaccessreviews only (upstream chart rbac.yaml)",
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": "binds the endpoint picker's ClusterRole to its ServiceAccount",
  "kubernetes:storage.k8s.io/v1:StorageClass": "volume class; encryption of its volumes follows the class parameters and is not checked yet",
  "random:index/randomPassword:RandomPassword": "generates a secret held as a Pulumi secret",
  "aws:rds/subnetGroup:SubnetGroup": "placement of the database in private subnets (exposure is checked on the instance)",
  "aws:elasticache/subnetGroup:SubnetGroup": "placement of the cache in private subnets (exposure is checked on the replication group)",
  "gpu-inference:aws:KubernetesTarget": "component",
  "gpu-inference:alicloud:KubernetesTarget": "component",
  "gpu-inference:kubernetes:KubeconfigTarget": "component",
  "gpu-inference:tencentcloud:KubernetesTarget": "component",
  "gpu-inference:volcengine:KubernetesTarget": "component",
  "gpu-inference:index:InferenceDeployment": "component: groups children, which are checked",
  "gpu-inference:aws:VmTarget": "component",
  "gpu-inference:alicloud:VmTarget": "component",
  "gpu-inference:tencentcloud:VmTarget": "component",
  "gpu-inference:volcengine:VmTarget": "component",
  // the vector database beside a vm target (components/{aws,alicloud}/qdrant-host.ts, alicloud/pgvector.ts)
  "aws:ec2/volumeAttachment:VolumeAttachment": "attachment of a checked volume: no ports, data or credentials of its own",
  "aws:dlm/lifecyclePolicy:LifecyclePolicy": "snapshot schedule: its presence and retention are the vector-database-vm deployability check's",
  "alicloud:ecs/diskAttachment:DiskAttachment": "attachment of a checked disk: no ports, data or credentials of its own",
  "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy": "snapshot schedule: its presence and retention are the vector-database-vm deployability check's",
  "alicloud:ecs/ecsAutoSnapshotPolicyAttachment:EcsAutoSnapshotPolicyAttachment": "applies a snapshot schedule to a checked disk",
  "tencentcloud:Cbs/storageAttachment:StorageAttachment": "attachment of a checked disk: no ports, data or credentials of its own",
  "tencentcloud:Cbs/snapshotPolicy:SnapshotPolicy": "snapshot schedule: its presence and retention are the vector-database-vm deployability check's",
  "tencentcloud:Cbs/snapshotPolicyAttachment:SnapshotPolicyAttachment": "applies a snapshot schedule to a checked disk",
  "alicloud:rds/backupPolicy:BackupPolicy": "backup schedule of a checked instance: its retention is the vector-database-vm deployability check's",
  "alicloud:rds/account:Account": "a database account whose password is a generated Pulumi secret; the instance is checked",
  "alicloud:rds/database:Database": "a logical database inside a checked instance"
};
