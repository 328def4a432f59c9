/**
 * A Kubernetes target on any existing conformant cluster given by a kubeconfig secret
 * (`kubernetes.cluster.kubeconfigSecret`): no cloud resources, only a `kubernetes` provider from the
 * kubeconfig and the runtime (add-ons, engine workload, vector database) on it. Every cloud adapter
 * builds kubeconfig-mode targets through {@link createKubeconfigTarget}.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { type CloudTarget, type CloudTargetArgs, targetError } from "../adapter";
import { createHelmVectorDatabase, type VectorDatabaseOutputs } from "../vector-database/helm";
import { createClusterRuntime } from "./runtime";

/** Type token of {@link KubeconfigTarget} (frozen). */
export const KUBECONFIG_TARGET_TYPE = "gpu-inference:kubernetes:KubeconfigTarget";

/** Creates `<name>-k8s`: a Kubernetes provider for `kubeconfig` (a secret), with server-side apply. */
export function createKubernetesProvider(name: string, kubeconfig: pulumi.Input<string>, parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []): k8s.Provider {
  return new k8s.Provider(`${name}-k8s`, { kubeconfig: pulumi.secret(kubeconfig), enableServerSideApply: true }, { parent, dependsOn });
}

/** A target on a kubeconfig cluster: the kit creates Kubernetes objects and Helm releases only. */
export class KubeconfigTarget extends pulumi.ComponentResource implements CloudTarget {
  /** `http(s)://<Service load balancer>`. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** `<namespace>/<workload>`: the engine Deployment or LeaderWorkerSet. */
  declare public readonly hostGroupId: pulumi.Output<string>;
  /** The Kubernetes provider from the kubeconfig. */
  declare public readonly provider: pulumi.ProviderResource;
  /** The vector database beside this target, when the plan puts it here. */
  declare public readonly vectorDatabase: VectorDatabaseOutputs | undefined;

  constructor(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(KUBECONFIG_TARGET_TYPE, name, {}, opts);
    const { plan } = args;
    const kube = plan.kubernetes;
    if (plan.placement.runtime !== "kubernetes" || !kube || kube.cluster.mode !== "kubeconfig") {
      throw targetError(plan, this, "the kubeconfig target builds runtime kubernetes with cluster.kubeconfigSecret only");
    }
    const kubeconfig = args.secrets.find((s) => s.name === "kubeconfig");
    if (!kubeconfig) throw targetError(plan, this, `no value for the kubeconfig secret (pulumi config set --secret ${kube.cluster.kubeconfigConfigKey} "$(cat kubeconfig)")`);
    const provider = createKubernetesProvider(name, kubeconfig.value, this);
    const runtime = createClusterRuntime(name, { plan, secrets: args.secrets }, this, provider);
    this.vectorDatabase = plan.vectorDatabase?.helm ? createHelmVectorDatabase(plan.vectorDatabase, this, provider) : undefined;
    this.provider = provider;
    this.endpoint = runtime.endpoint;
    this.hostGroupId = pulumi.output(`${kube.namespace}/${kube.workload.name}`);
    this.registerOutputs({ endpoint: this.endpoint, hostGroupId: this.hostGroupId });
  }
}

/** Builds a kubeconfig-mode target (any cloud). */
export function createKubeconfigTarget(name: string, args: CloudTargetArgs, opts: pulumi.ComponentResourceOptions): CloudTarget {
  return new KubeconfigTarget(name, args, opts);
}
