/** Every thin Volcano Engine resource class, by family. */
export * from "./vpc";
export * from "./nat";
export * from "./eip";
export * from "./ecs";
export * from "./autoscaling";
export * from "./clb";
export * from "./kubernetes";
export * from "./provider";
export * from "./kms";
export * from "./iam";
