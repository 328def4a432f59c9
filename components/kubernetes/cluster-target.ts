/**
 * What the four managed-cluster targets (EKS, ACK, TKE, VKE) share beyond their cloud's own
 * resources: the check that the plan is a created or adopted cluster of their cloud, the system pool
 * the add-ons and the vector database run on, and the choice between the vector database on the
 * cluster (Helm) and the cloud's managed database beside it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { Cloud } from "../../catalog/schema";
import { targetError } from "../adapter";
import type { KubernetesPlan } from "../plan/kubernetes-types";
import type { TargetPlan } from "../plan/types";
import { createHelmVectorDatabase, type VectorDatabaseOutputs } from "../vector-database/helm";

/** Cloud names in messages. */
const CLOUD_NAMES: Readonly<Record<Cloud, string>> = { aws: "AWS", alicloud: "Alibaba Cloud", tencentcloud: "Tencent Cloud", volcengine: "Volcano Engine" };

/**
 * The Kubernetes plan of `plan` when it is `runtime: kubernetes` on a created or adopted `product`
 * cluster of `cloud`; throws the adapters' one error type otherwise. With `adoptedNetwork` (what the
 * network of an adopted cluster is called, e.g. "its VPC and subnets"), an adopted cluster also
 * needs the target's `network.existing` for its node pools.
 */
export function managedClusterPlan(plan: TargetPlan, cloud: Cloud, product: string, parent: pulumi.Resource, adoptedNetwork?: string): KubernetesPlan {
  const kube = plan.kubernetes;
  if (plan.placement.cloud !== cloud || plan.placement.runtime !== "kubernetes" || !kube || kube.cluster.mode === "kubeconfig") {
    throw targetError(plan, parent, `the ${CLOUD_NAMES[cloud]} Kubernetes target builds runtime kubernetes on a created or adopted ${product} cluster`);
  }
  if (adoptedNetwork && kube.cluster.mode === "existing" && plan.network.mode !== "existing") {
    throw targetError(plan, parent, `an adopted ${product} cluster needs the target's network.existing (${adoptedNetwork}) for the node pools`);
  }
  return kube;
}

/** The system pool among `pools` (created in the plan's node-pool order), or undefined without one. */
export function systemPoolOf<P>(kube: KubernetesPlan, pools: readonly P[]): P | undefined {
  const at = kube.nodePools.findIndex((p) => p.role === "system");
  return at < 0 ? undefined : pools[at];
}

/**
 * The vector database of a cluster target: on the cluster through its Helm chart (on the system
 * pool, never the GPU pool), or the cloud's managed database `managed` builds when the plan puts
 * one beside the cluster; undefined when the plan has none here.
 */
export function clusterVectorDatabase(
  plan: TargetPlan,
  parent: pulumi.Resource,
  k8sProvider: k8s.Provider,
  systemPool: pulumi.Resource | undefined,
  managed?: () => VectorDatabaseOutputs,
): VectorDatabaseOutputs | undefined {
  const db = plan.vectorDatabase;
  if (db?.helm) return createHelmVectorDatabase(db, parent, k8sProvider, systemPool ? [systemPool] : []);
  if (db && (db.placement === "managed-postgres" || db.placement === "managed-postgres-vm") && managed) return managed();
  return undefined;
}
