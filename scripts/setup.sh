#!/usr/bin/env bash
# Installs everything Griot's tests need: Python dev packages, Debian's Chromium and a Java runtime
# (for the Nu Html Checker), and the Node tools in package-lock.json. Idempotent; a few seconds
# when all is there already. Runs as root on CI (fresh Debian machine, no stdin).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }
trap 'fail "step failed (line $LINENO): $BASH_COMMAND"' ERR

# 1. Python packages. Pins are exact, so pip answers from site-packages when nothing changed.
step "python packages (requirements-dev.txt)"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    -r requirements-dev.txt

# 2. Debian packages, gathered so that apt runs (update + install) at most once.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Without a font, headless Chromium renders text as boxes and layout checks lie.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Tests run a build under another machine clock to prove only GRIOT_NOW decides what is published.
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -eq 0 ]; then
    step "debian packages: chromium, fonts, java, npm, faketime already present"
elif [ "$(id -u)" -ne 0 ]; then
    fail "missing ${missing[*]}; as root run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
else
    step "debian packages: installing ${missing[*]}"
    # Another apt may be running (an unattended or background install): wait for its lock.
    apt_opts=(-q -o DPkg::Lock::Timeout=600)
    export DEBIAN_FRONTEND=noninteractive
    apt-get "${apt_opts[@]}" update >/dev/null
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium still missing after install"
command -v java >/dev/null 2>&1 || fail "java still missing after install"
command -v faketime >/dev/null 2>&1 || fail "faketime still missing after install"

# 3. Node tools (vnu-jar, axe-core). --ignore-scripts: vnu-jar's postinstall would try to
#    download a JDK from outside the registries; Debian's Java is used instead.
#    npm ci wipes node_modules, so skip it when the installed tree matches the lock file.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.griot-lock.sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] \
    && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/axe-core/axe.min.js ]; then
    step "node tools: up to date with package-lock.json"
else
    step "node tools: npm ci"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    [ -f node_modules/vnu-jar/build/dist/vnu.jar ] || fail "node_modules/vnu-jar/build/dist/vnu.jar missing after npm ci"
    [ -f node_modules/axe-core/axe.min.js ] || fail "node_modules/axe-core/axe.min.js missing after npm ci"
    printf '%s\n' "$lock_sum" > "$stamp"
fi

step "done ($(/usr/bin/chromium --version 2>/dev/null | head -n1); java $(java -version 2>&1 | head -n1 | cut -d'"' -f2))"
