/** Every thin Tencent Cloud resource class, by family. */
export * from "./vpc";
export * from "./nat";
export * from "./security";
export * from "./cvm";
export * from "./cbs";
export * from "./as";
export * from "./clb";
export * from "./kubernetes";
export * from "./provider";
export * from "./ssm";
export * from "./cam";
