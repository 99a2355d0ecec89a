#!/usr/bin/env bash
# Runs every test of the project:
#   1. go vet and the native tests of every package (the browser end-to-end
#      tests included: they drive headless Chromium and skip, saying so, when
#      it is not installed, except under CI=true where that is a failure);
#   2. the tests of the engine and of the browser program (wasm/) compiled to
#      WebAssembly and run under Node.
set -euo pipefail
cd "$(dirname "$0")"

echo "== go vet"
go vet ./...
GOOS=js GOARCH=wasm go vet ./wasm/...

echo "== native tests"
go test -count=1 -timeout 30m ./...

# Every package that builds for the browser except the commands: the engine,
# which must run unchanged there, and the browser program itself.
wasm_pkgs=$(GOOS=js GOARCH=wasm go list ./... | grep -v '/tools/')
if ! command -v node >/dev/null; then
	if [ "${CI:-}" = true ]; then
		echo "test.sh: node is required for the WebAssembly tests" >&2
		exit 1
	fi
	echo "== WebAssembly tests SKIPPED: node is not installed (apt-get install nodejs)"
	exit 0
fi
echo "== WebAssembly tests under Node: $(echo $wasm_pkgs | tr '\n' ' ')"
export PATH="$PATH:$(go env GOROOT)/lib/wasm"
GOOS=js GOARCH=wasm go test -count=1 -timeout 30m -exec=go_js_wasm_exec $wasm_pkgs
