#!/usr/bin/env bash
# Renders `gpukit cost --format html` of a stack in headless Chromium and writes a PNG screenshot.
# Usage: scripts/screenshot-cost.sh [stack=prod] [out=docs/cost-report.png] [width=1200] [height=1100]
# Needs Debian's `chromium` (apt-get install -y chromium); not needed by CI.
set -euo pipefail
stack="${1:-prod}"
out="${2:-docs/cost-report.png}"
width="${3:-1200}"
height="${4:-1100}"
root="$(cd "$(dirname "$0")/.." && pwd)"
chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$chrome" ] || { echo "chromium not found (apt-get install -y chromium)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node "$root/bin/gpukit.js" cost --stack "$stack" --format html 2>/dev/null > "$tmp/cost.html"
mkdir -p "$(dirname "$out")"
"$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking --hide-scrollbars \
  --user-data-dir="$tmp/profile" --window-size="$width,$height" --screenshot="$(realpath -m "$out")" "file://$tmp/cost.html" >/dev/null 2>&1
echo "wrote $out ($stack, ${width}x${height})"
