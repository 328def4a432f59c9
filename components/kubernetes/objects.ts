/**
 * Registers a rendered {@link K8sObject} as the matching `@pulumi/kubernetes` resource (typed class
 * per kind; `CustomResource` for LeaderWorkerSet and Volcano PodGroup), child of `parent` through
 * the explicit Kubernetes `provider`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { K8sObject } from "./manifests";

/** Options of {@link createObject}. */
export interface ObjectOptions {
  parent: pulumi.Resource;
  provider: pulumi.ProviderResource;
  dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
  protect?: boolean;
  retainOnDelete?: boolean;
  customTimeouts?: pulumi.CustomTimeouts;
}

/** Creates `obj` as the Pulumi resource `name`. Throws on a kind the kit does not render. */
export function createObject(name: string, obj: K8sObject, options: ObjectOptions): pulumi.CustomResource {
  const opts: pulumi.CustomResourceOptions = {
    parent: options.parent,
    provider: options.provider,
    dependsOn: options.dependsOn,
    protect: options.protect,
    retainOnDelete: options.retainOnDelete,
    customTimeouts: options.customTimeouts,
  };
  // The rendered object is the resource's args (apiVersion, kind, metadata, spec/...), validated in tests.
  const args = <T>() => obj as unknown as T;
  switch (`${obj.apiVersion}/${obj.kind}`) {
    case "v1/Namespace":
      return new k8s.core.v1.Namespace(name, args<k8s.core.v1.NamespaceArgs>(), opts);
    case "v1/ConfigMap":
      return new k8s.core.v1.ConfigMap(name, args<k8s.core.v1.ConfigMapArgs>(), opts);
    case "v1/ServiceAccount":
      return new k8s.core.v1.ServiceAccount(name, args<k8s.core.v1.ServiceAccountArgs>(), opts);
    case "rbac.authorization.k8s.io/v1/Role":
      return new k8s.rbac.v1.Role(name, args<k8s.rbac.v1.RoleArgs>(), opts);
    case "rbac.authorization.k8s.io/v1/RoleBinding":
      return new k8s.rbac.v1.RoleBinding(name, args<k8s.rbac.v1.RoleBindingArgs>(), opts);
    case "rbac.authorization.k8s.io/v1/ClusterRole":
      return new k8s.rbac.v1.ClusterRole(name, args<k8s.rbac.v1.ClusterRoleArgs>(), opts);
    case "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
      return new k8s.rbac.v1.ClusterRoleBinding(name, args<k8s.rbac.v1.ClusterRoleBindingArgs>(), opts);
    case "v1/Service":
      return new k8s.core.v1.Service(name, args<k8s.core.v1.ServiceArgs>(), opts);
    case "apps/v1/Deployment":
      return new k8s.apps.v1.Deployment(name, args<k8s.apps.v1.DeploymentArgs>(), opts);
    case "policy/v1/PodDisruptionBudget":
      return new k8s.policy.v1.PodDisruptionBudget(name, args<k8s.policy.v1.PodDisruptionBudgetArgs>(), opts);
    case "autoscaling/v2/HorizontalPodAutoscaler":
      return new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, args<k8s.autoscaling.v2.HorizontalPodAutoscalerArgs>(), opts);
    case "networking.k8s.io/v1/NetworkPolicy":
      return new k8s.networking.v1.NetworkPolicy(name, args<k8s.networking.v1.NetworkPolicyArgs>(), opts);
    case "networking.k8s.io/v1/Ingress":
      return new k8s.networking.v1.Ingress(name, args<k8s.networking.v1.IngressArgs>(), opts);
    case "storage.k8s.io/v1/StorageClass":
      return new k8s.storage.v1.StorageClass(name, args<k8s.storage.v1.StorageClassArgs>(), opts);
    case "batch/v1/CronJob":
      return new k8s.batch.v1.CronJob(name, args<k8s.batch.v1.CronJobArgs>(), opts);
    case "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet":
    case "scheduling.volcano.sh/v1beta1/PodGroup":
    case "extensions.higress.io/v1alpha1/WasmPlugin":
    case "networking.higress.io/v1/McpBridge":
    case "gateway.networking.k8s.io/v1/Gateway":
    case "gateway.networking.k8s.io/v1/HTTPRoute":
    case "gateway.networking.k8s.io/v1beta1/ReferenceGrant":
    case "inference.networking.k8s.io/v1/InferencePool":
      return new k8s.apiextensions.CustomResource(name, args<k8s.apiextensions.CustomResourceArgs>(), opts);
    default:
      throw new pulumi.ResourceError(`the kit does not register ${obj.apiVersion} ${obj.kind} (${obj.metadata.name})`, options.parent);
  }
}

/** A pinned Helm chart release (`helm.sh/v3` Release), child of `parent` through `provider`. */
export function createRelease(
  name: string,
  args: {
    release: string;
    namespace: string;
    chart: { repo: string; chart: string; version: string };
    /** Plain values (recorded and checked offline). */
    values: Record<string, unknown>;
    /** Secret overrides (YAML), merged under `values` by Helm; kept out of `values` so the plain part stays readable. */
    secretValuesYaml?: pulumi.Output<string>;
    timeoutSec?: number;
  },
  options: ObjectOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    name,
    {
      name: args.release,
      namespace: args.namespace,
      createNamespace: true,
      chart: args.chart.chart,
      version: args.chart.version,
      ...(args.chart.repo ? { repositoryOpts: { repo: args.chart.repo } } : {}),
      values: args.values,
      ...(args.secretValuesYaml ? { valueYamlFiles: [pulumi.secret(args.secretValuesYaml).apply((y) => new pulumi.asset.StringAsset(y))] } : {}),
      ...(args.timeoutSec ? { timeout: args.timeoutSec } : {}),
    },
    { parent: options.parent, provider: options.provider, dependsOn: options.dependsOn, protect: options.protect, retainOnDelete: options.retainOnDelete },
  );
}
