/**
 * The vector database backup scripts: shellcheck-clean POSIX sh, the retention in seconds, and the
 * pruning logic run for real against a fake API (snapshots older than the retention go, newer and
 * unparseable ones stay).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { milvusBackupScript, qdrantBackupScript } from "../components/plan/vector-database";

function shellcheck(script: string): void {
  const result = spawnSync("shellcheck", ["-s", "sh", "-"], { input: script, encoding: "utf8" });
  if (result.error) throw new Error(`shellcheck is required for this test (apt-get install shellcheck): ${result.error.message}`);
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
}

describe("backup scripts", () => {
  it("are shellcheck-clean", () => {
    shellcheck(qdrantBackupScript("qdrant.ns.svc", 6333, 7));
    shellcheck(milvusBackupScript(14));
  });

  it("Qdrant: creates a snapshot, deletes only snapshots older than the retention (7 days)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "qdrant-backup-"));
    const log = path.join(dir, "calls.log");
    const now = Math.floor(Date.now() / 1000);
    const stamp = (secondsAgo: number) => new Date((now - secondsAgo) * 1000).toISOString().slice(0, 19).replace(/[T:]/g, "-");
    const old = `full-snapshot-${stamp(10 * 86400)}.snapshot`;
    const recent = `full-snapshot-${stamp(2 * 86400)}.snapshot`;
    // a fake curl: logs the method and URL, answers the list call with three snapshots
    writeFileSync(
      path.join(dir, "curl"),
      `#!/bin/sh\nmethod=GET\nfor a in "$@"; do case "$a" in POST|DELETE) method=$a;; http*) url=$a;; esac; done\necho "$method $url" >> ${log}\n` +
        `[ "$method" = GET ] && echo '{"result":[{"name":"${old}"},{"name":"${recent}"},{"name":"custom.snapshot"}]}'\nexit 0\n`,
      { mode: 0o755 },
    );
    execFileSync("sh", ["-c", qdrantBackupScript("qdrant.ns.svc", 6333, 7)], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, QDRANT_API_KEY: "k" } });
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "POST http://qdrant.ns.svc:6333/snapshots?wait=true",
      "GET http://qdrant.ns.svc:6333/snapshots",
      `DELETE http://qdrant.ns.svc:6333/snapshots/${old}`,
    ]);
  });

  it("Milvus: creates a backup and deletes only the kit's backups older than 14 days", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "milvus-backup-"));
    const log = path.join(dir, "calls.log");
    const stamp = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 19).replace(/[-T:]/g, "");
    const old = `gpukit_${stamp(20)}`;
    const recent = `gpukit_${stamp(3)}`;
    writeFileSync(
      path.join(dir, "milvus-backup"),
      `#!/bin/sh
echo "$*" >> ${log}
case "$3" in list) printf '%s\n' "| ${old} |" "| ${recent} |" "| manual_20200101000000 |";; esac
exit 0
`,
      { mode: 0o755 },
    );
    execFileSync("sh", ["-c", milvusBackupScript(14)], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    const calls = readFileSync(log, "utf8").trim().split("\n");
    expect(calls[0]).toMatch(/^--config \/config\/backup.yaml create -n gpukit_\d{14}$/);
    expect(calls.slice(1)).toEqual(["--config /config/backup.yaml list", `--config /config/backup.yaml delete -n ${old}`]);
  });
});
