#!/usr/bin/env bash
# Times `gpukit plan --stack staging --format json` (the whole CLI process: tsx loader, validation,
# planning, the Pulumi program under mocks, recording, JSON) against two floors:
#   floor A: node loading @pulumi/pulumi, @pulumi/aws and @pulumi/alicloud, nothing else;
#   floor B: floor A plus the tsx hook the CLI runs under.
# Reports medians and the ratio plan / floor. Prints results only; nothing is asserted.
# Usage: bash bench/plan.sh [N]   (default N=10)
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10}"
# shellcheck source=bench/lib.sh
source bench/lib.sh
time_cmd() { wall_times "$N" "$@" | median; }

FLOOR_JS='require("@pulumi/pulumi"); const aws = require("@pulumi/aws"); aws.ec2; aws.lb; aws.autoscaling; aws.ssm; aws.iam; const ali = require("@pulumi/alicloud"); ali.ecs; ali.vpc; ali.alb; ali.ess;'
plan_ms=$(time_cmd node bin/gpukit.js plan --stack staging --format json)
floor_a=$(time_cmd node -e "$FLOOR_JS")
floor_b=$(time_cmd node -e "require('tsx/cjs'); $FLOOR_JS")
resources=$(node bin/gpukit.js plan --stack staging --format json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).resources.length))')
echo "machine: $(nproc) cores, $(node --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gpukit plan --stack staging --format json: median ${plan_ms} ms over ${N} runs (${resources} resources)"
echo "floor A (node + @pulumi/pulumi + aws + alicloud SDKs): median ${floor_a} ms"
echo "floor B (floor A + tsx hook): median ${floor_b} ms"
awk -v p="$plan_ms" -v a="$floor_a" -v b="$floor_b" 'BEGIN { printf "ratio plan / floor A = %.2f, plan / floor B = %.2f\n", p / a, p / b }'
