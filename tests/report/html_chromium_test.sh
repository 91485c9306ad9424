#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# html_chromium_test.sh AUREPORT_EXT PNG_STATS WORKDIR: the --html report
# opened in headless Chromium (Debian package `chromium`):
#  1. the page is self-contained: no <script>, <link>, <img>, <iframe>,
#     src= or href=, no URL but the SVG namespace;
#  2. it loads (the DOM Chromium dumps has the charts and the tables);
#  3. Chromium logs no console message and no blocked load (CSP);
#  4. a screenshot is not blank (many colours, luma deviation).
# Controls prove the detectors work: a page that calls console.error must
# be caught by 3, an empty page must be caught by 4.
# Exit 0 pass, 1 fail, 2 usage, 77 skipped (no chromium).
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
report=${1:?usage: html_chromium_test.sh AUREPORT_EXT PNG_STATS WORKDIR}
png_stats=${2:?usage: html_chromium_test.sh AUREPORT_EXT PNG_STATS WORKDIR}
work=${3:?usage: html_chromium_test.sh AUREPORT_EXT PNG_STATS WORKDIR}
data=$(cd "$(dirname "$0")/../data" && pwd)
chromium=$(command -v chromium || command -v chromium-browser) \
  || skip_all "chromium is not installed (apt-get install chromium)"
rm -rf "$work" && mkdir -p "$work"

# run_chromium NAME MODE FILE: MODE dump (DOM to NAME.dom) or shot (NAME.png);
# Chromium's log goes to NAME.log. A fresh profile each run.
run_chromium() {
  local name=$1 mode=$2 file=$3 what
  case "$mode" in
    dump) what=(--dump-dom) ;;
    shot) what=(--screenshot="$work/$name.png" --window-size=1200,900 --hide-scrollbars) ;;
  esac
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile-$name-$mode" --enable-logging=stderr --v=0 \
    "${what[@]}" "file://$file" >"$work/$name.dom" 2>"$work/$name-$mode.log" </dev/null
}
console_errors() {  # console messages, uncaught errors and blocked loads in a log
  grep -E 'CONSOLE|Uncaught|Refused to|net::ERR_' "$1"
}
not_blank() {  # not_blank PNG: prints the stats; true if the image has content
  local w h colours stddev
  read -r w h colours stddev < <("$png_stats" "$1") || return 1
  echo "$w x $h, $colours colours, luma stddev $stddev"
  [ "$colours" -ge 16 ] && awk -v s="$stddev" 'BEGIN { exit !(s >= 5) }'
}

page="$work/report.html"
"$report" --html "$page" -if "$data/demo/audit.log" 2>"$work/report.err" \
  || bail_out "aureport-ext --html exited $?: $(head -3 "$work/report.err")"

# 1. self-contained
if grep -Eqi '<(script|link|img|iframe|object|embed)\b|\b(src|href)=' "$page"; then
  fail "page references other resources: $(grep -Eoi '<(script|link|img|iframe|object|embed)\b|\b(src|href)=[^ >]*' "$page" | head -3)"
else
  ok "no scripts, links, images or src/href attributes"
fi
urls=$(grep -Eo '[a-z]+://[^" )]*' "$page" | grep -v '^http://www.w3.org/2000/svg$' | sort -u)
[ -z "$urls" ] && ok "no URL but the SVG namespace" || fail "page names URLs: $urls"

# 2. loads, with the charts and tables
run_chromium report dump "$page" || fail "chromium --dump-dom exited $?"
for want in 'Events over time per container' 'Top executables per container' \
            'Failures per container' 'Container Report' '<polyline' '<table class="containers"'; do
  grep -qF "$want" "$work/report.dom" && ok "loaded DOM has '$want'" || fail "loaded DOM lacks '$want'"
done
svgs=$(grep -o '<svg' "$work/report.dom" | wc -l)
[ "$svgs" -ge 3 ] && ok "$svgs SVG charts" || fail "only $svgs SVG charts in the DOM"

# 3. no console errors (and the detector catches one)
if errors=$(console_errors "$work/report-dump.log"); then
  fail "console/load errors: $(echo "$errors" | head -3)"
else
  ok "no console messages or blocked loads"
fi
printf '<!DOCTYPE html><html><body><script>console.error("control error")</script></body></html>\n' \
  >"$work/control-console.html"
run_chromium control-console dump "$work/control-console.html"
console_errors "$work/control-console-dump.log" >/dev/null \
  && ok "control: a console.error page is detected" \
  || fail "control: console.error was not detected; the console check proves nothing"

# 4. screenshot not blank (and the detector rejects a blank page)
run_chromium report shot "$page" || fail "chromium --screenshot exited $?"
if stats=$(not_blank "$work/report.png"); then ok "screenshot: $stats"; else fail "screenshot blank: $stats"; fi
printf '<!DOCTYPE html><html><body></body></html>\n' >"$work/control-blank.html"
run_chromium control-blank shot "$work/control-blank.html"
if stats=$(not_blank "$work/control-blank.png"); then
  fail "control: blank page passed as not blank ($stats)"
else
  ok "control: blank page detected ($stats)"
fi

finish html_chromium_test
