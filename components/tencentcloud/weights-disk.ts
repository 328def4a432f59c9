/**
 * Puts the model weights on the encrypted CBS data disk: adds cloud-init `fs_setup` (ext4, only
 * when the disk is blank) and `mounts` (the disk at the model's host path) as top-level keys right
 * after the `#cloud-config` header of the plan's user-data. The text stays one plain
 * `#cloud-config` document; a key the plan sets itself comes later and wins (PyYAML keeps the last).
 */

/** Device name of the first CBS data disk on a CVM (virtio). */
export const WEIGHTS_DEVICE = "/dev/vdb";
/** Filesystem label of the weights disk. */
export const WEIGHTS_LABEL = "gpukit-weights";

/**
 * The plan's user-data with the weights-disk keys inserted after `#cloud-config` (and after a
 * `---` document marker if one follows). Throws when the user-data is not a `#cloud-config` document.
 */
export function withWeightsDisk(userData: string, mountPath: string): string {
  const lines = userData.split("\n");
  if (lines[0].trim() !== "#cloud-config") {
    throw new Error(`user-data must be a "#cloud-config" document to mount the weights disk, got "${lines[0].slice(0, 40)}"`);
  }
  const insertAt = lines[1]?.trim() === "---" ? 2 : 1;
  const diskKeys = [
    "fs_setup:",
    `  - { label: ${WEIGHTS_LABEL}, filesystem: ext4, device: ${WEIGHTS_DEVICE}, overwrite: false }`,
    "mounts:",
    `  - [ "LABEL=${WEIGHTS_LABEL}", "${mountPath}", ext4, "defaults,nofail", "0", "2" ]`,
  ];
  return [...lines.slice(0, insertAt), ...diskKeys, ...lines.slice(insertAt)].join("\n");
}
