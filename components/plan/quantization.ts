/**
 * Bytes per weight of each quantization format, the figures the memory budget starts from.
 * Sources: reference/engines.md §2.2 (llama.cpp bits-per-weight table; AWQ/GPTQ group-128 scale
 * overhead ≈ 4.25 bpw; bitsandbytes NF4 block absmax ≈ 0.5 bit per weight, unverified).
 */
import type { Quantization } from "../../catalog/schema";

/** Bits stored per weight, including scale/zero-point overhead. */
export const BITS_PER_WEIGHT: Readonly<Record<Quantization, number>> = {
  none: 16,
  fp16: 16,
  bf16: 16,
  fp8: 8,
  int8: 8,
  /** INT4, group size 128: 4 bits + fp16 scale and zero point per group ≈ 4.25 bpw. */
  awq: 4.25,
  gptq: 4.25,
  /** NF4 with fp32 absmax per 64-weight block ≈ 4.5 bpw (double quantization lowers it; unverified). */
  "bnb-nf4": 4.5,
  /** llama.cpp quantize table for Llama-3.1-8B. */
  "gguf-q4_k_m": 4.89,
  "gguf-q8_0": 8.5,
};

/** Bytes per weight for a quantization format. */
export function bytesPerWeight(quantization: Quantization): number {
  return BITS_PER_WEIGHT[quantization] / 8;
}

/** True for formats that need a pre-quantized checkpoint (cannot be produced on the fly by the engine). */
export function needsPrequantizedCheckpoint(quantization: Quantization): boolean {
  return quantization === "awq" || quantization === "gptq" || quantization.startsWith("gguf-");
}

/** True for the 16-bit formats (no quantization). */
export function isSixteenBit(quantization: Quantization): boolean {
  return quantization === "none" || quantization === "fp16" || quantization === "bf16";
}
