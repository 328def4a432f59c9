/**
 * The `costEstimate` stack output from the same price function as `gpukit cost`: a resource
 * transformation on the root component notes every resource the program registers under it (type, name, its inputs once they
 * resolve), and the estimate prices them with the plan, the catalog and the component prices. Under
 * `pulumi up` the output resolves when the inputs do (after the resources they reference exist);
 * under `pulumi preview` it stays unknown while any input is. Offline (`gpukit plan`) it equals the
 * total `gpukit cost` prints for the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Catalog } from "../catalog";
import type { ComponentPrices } from "../catalog/prices/schema";
import { buildCostReport, type CostInput } from "../cost/report";
import type { PriceableResource } from "../cost/types";
import type { Currency } from "../catalog/schema";

/** What the stack exports as `costEstimate`. */
export interface CostEstimate {
  /** Hourly cost at the expected replicas, in `currency`. */
  hourly: number;
  /** Monthly cost at the expected replicas (`budget.hoursPerMonth`, default 730 h), in `currency`. */
  monthly: number;
  /** The budget's currency. */
  currency: Currency;
  /** Resources and lines without a price: when > 0 the totals are lower bounds. */
  unpriced: number;
  /** False when something has no price (the totals are lower bounds). */
  complete: boolean;
  /** Within `budget.monthly`. */
  withinBudget: boolean;
}

/** A resource as the transformation saw it. */
interface Noted {
  type: string;
  name: string;
  custom: boolean;
  inputs: pulumi.Output<Record<string, unknown>>;
}

/**
 * A transformation to pass to the root component (`transformations: [transformation]`, inherited
 * by every child), and the function that, once the program has registered everything, gives the
 * estimate of what it noted as an output.
 */
export function noteResourcesForCost(): {
  transformation: pulumi.ResourceTransformation;
  estimate: (input: Omit<CostInput, "resources">, opts: { catalog: Catalog; prices: ComponentPrices }) => pulumi.Output<CostEstimate>;
} {
  const noted: Noted[] = [];
  const transformation: pulumi.ResourceTransformation = (args) => {
    // Inputs hold secrets (user-data, keys): the estimate reads sizes and types, never publishes them.
    noted.push({ type: args.type, name: args.name, custom: args.resource instanceof pulumi.CustomResource, inputs: pulumi.unsecret(pulumi.output(args.props as Record<string, unknown>)) as unknown as pulumi.Output<Record<string, unknown>> });
    return undefined;
  };
  const estimate = (input: Omit<CostInput, "resources">, opts: { catalog: Catalog; prices: ComponentPrices }): pulumi.Output<CostEstimate> =>
    pulumi.all(noted.map((n) => n.inputs)).apply((inputs) => {
      const resources: PriceableResource[] = noted.map((n, i) => ({ type: n.type, name: n.name, custom: n.custom, inputs: inputs[i] ?? {} }));
      const report = buildCostReport({ ...input, resources }, opts);
      return {
        hourly: report.totalHourlyCost,
        monthly: report.totalMonthlyCost,
        currency: report.currency,
        unpriced: report.summary.unpricedResources + report.summary.unpricedComponents,
        complete: report.complete,
        withinBudget: report.budget.withinBudget,
      };
    });
  return { transformation, estimate };
}
