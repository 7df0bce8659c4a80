#!/bin/bash
# Compatibility check with the official JS SDK: installs authing-js-sdk@4 once into a cache
# folder beside the build directories (kept between runs, ignored by git), then runs
# js-sdk-check.cjs against a fresh emulator. Without the SDK (no network) this FAILS.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${AC_EMULATOR:?AC_EMULATOR is not set: run this through meson test}"
: "${AC_BUILD_ROOT:?AC_BUILD_ROOT is not set: run this through meson test}"
source_root=${AC_SOURCE_ROOT:-$(cd "$here/../.." && pwd)}
deps=${AC_JS_DEPS:-$AC_BUILD_ROOT/../_deps/js}
pool=$source_root/tests/fixtures/pools/basic.json

fail () { echo "test-js-sdk: FAIL: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is not installed (build-aux/dev installs nodejs and npm)"
command -v npm >/dev/null || fail "npm is not installed (build-aux/dev installs nodejs and npm)"

mkdir -p "$deps" || fail "cannot create $deps"
deps=$(cd "$deps" && pwd)

# Several build directories (plain and sanitizer) may run this at once: one installs, the
# others wait for it.
exec 9>"$deps/.install.lock"
flock -w 600 9 || fail "timed out waiting for another npm install in $deps"
if [ ! -f "$deps/node_modules/authing-js-sdk/package.json" ]; then
  echo "test-js-sdk: installing authing-js-sdk@4 into $deps"
  [ -f "$deps/package.json" ] || echo '{"name": "ac-js-deps", "private": true}' >"$deps/package.json"
  if ! (cd "$deps" && npm install --no-audit --no-fund --loglevel=error authing-js-sdk@4); then
    rm -rf "$deps/node_modules/authing-js-sdk"
    fail "npm install authing-js-sdk@4 failed (is the npm registry reachable?); the JS SDK check cannot run"
  fi
fi
flock -u 9

[ -f "$deps/node_modules/authing-js-sdk/package.json" ] || fail "authing-js-sdk is missing in $deps"

exec node "$here/js-sdk-check.cjs" "$deps" "$AC_EMULATOR" "$pool"
