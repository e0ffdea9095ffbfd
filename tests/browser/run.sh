#!/usr/bin/env bash
# Browser test of the HTML reports (issue 7): render the seed report, a
# compare report and a hostile readout with communique, load each in
# headless Chromium, check the DOM it built against the CLI's JSON
# (check-dom.mjs), screenshot the seed report, and validate the pages with
# html-validate.
#
# Needs: a built communique (COMMUNIQUE, default target/release/communique),
# Debian's chromium (CHROMIUM, default chromium), and `npm ci` run in this
# directory. .ci/run sets all three up.
#
#   tests/browser/run.sh                 # check; pages and DOMs in a temp dir
#   OUT=/tmp/pages tests/browser/run.sh  # keep them there
#   SCREENSHOT=docs/seed-report.png tests/browser/run.sh   # refresh the docs picture
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=${COMMUNIQUE:-target/release/communique}
chromium=${CHROMIUM:-chromium}
here=tests/browser
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"

seed=fixtures/china-rok-2plus2-seoul.txt
a=fixtures/corpus/wh-2022-11-14-biden-xi-bali-readout.txt
b=fixtures/corpus/wh-2022-11-14-biden-xi-bali-remarks-before-meeting.txt

# The hostile readout's file name is hostile too: it lands in an attribute.
# Its payloads call an undefined function rather than alert(), whose dialog
# would hang a headless page until the timeout if escaping broke.
hostile_dir=$(mktemp -d)
hostile="$hostile_dir/\"><img src=x onerror=pwned(3)>.txt"
cat > "$hostile" <<'EOF'
Hostile <script>pwned(1)</script> headline

The Chinese side said that "><img src=x onerror=pwned(2)> is its position on Taiwan.

The ROK side stressed <b>bold</b> & "quotes" and 'apostrophes' on trade.
EOF
printf '%s\n' "$hostile" > "$out/hostile.name"

"$bin" analyze "$seed" --format html > "$out/seed.html"
"$bin" analyze "$seed" --format jsonl > "$out/seed.jsonl"
"$bin" compare "$a" "$b" --format html > "$out/compare.html"
"$bin" compare "$a" "$b" --format json > "$out/compare.json"
"$bin" analyze "$a" --format jsonl > "$out/a.jsonl"
"$bin" analyze "$b" --format jsonl > "$out/b.jsonl"
"$bin" analyze "$hostile" --format html > "$out/hostile.html"

# Flags as this machine's Chromium needs them: no sandbox as root, and no
# background networking (the network is closed; the pages need none).
browse() {
  local page=$1 profile
  shift
  profile=$(mktemp -d)
  local status=0
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" "$@" "file://$(realpath "$page")" \
    2>>"$out/chromium.log" || status=$?
  rm -rf "$profile"
  if [ "$status" -ne 0 ]; then
    echo "browser: chromium failed on $page (exit $status; see $out/chromium.log)" >&2
    exit 1
  fi
}

for page in seed compare hostile; do
  browse "$out/$page.html" --dump-dom > "$out/$page.dom.html"
  if [ ! -s "$out/$page.dom.html" ]; then
    echo "browser: chromium dumped no DOM for $page.html (see $out/chromium.log)" >&2
    exit 1
  fi
done
browse "$out/seed.html" --hide-scrollbars --window-size=1200,2860 \
  --screenshot="$out/seed.png" >/dev/null
[ -s "$out/seed.png" ] || { echo "browser: no screenshot" >&2; exit 1; }
if [ -n "${SCREENSHOT:-}" ]; then
  cp "$out/seed.png" "$SCREENSHOT"
fi

node "$here/check-dom.mjs" "$out"
"$here/node_modules/.bin/html-validate" --config "$here/.htmlvalidate.json" \
  "$out/seed.html" "$out/compare.html" "$out/hostile.html"
rm -rf "$hostile_dir"
echo "browser: ok ($out)"
