#!/usr/bin/env bash
# Installs a pinned Directus into .wf/directus (gitignored) so the optional real-Directus tests
# (tests/WebsiteFactory.Providers.Tests/Directus/RealDirectusTests.cs) run instead of skipping.
# Not used by CI (time budget). Needs only the npm registry: no download from anywhere else.
#
#   scripts/install-directus.sh            # installs into .wf/directus
#   WF_DIRECTUS_HOME=/opt/directus scripts/install-directus.sh
#
# Directus 12 needs Node >= 22. When the machine's node is older, a Node 22 runtime is installed from the npm
# registry's node-linux-<arch> package (binary and headers inside the package) into $WF_DIRECTUS_HOME/runtime, and
# npm runs on it so native modules (isolated-vm, argon2, sqlite3) are built for the same Node that runs Directus.
# The test fixture uses $WF_DIRECTUS_HOME/runtime/bin/node when it exists, else `node` on PATH.
# sqlite3 and isolated-vm have no prebuilt binaries reachable here, so node-gyp compiles them (g++, make, python3):
# about 6 minutes on 2 cores.
set -euo pipefail

DIRECTUS_VERSION="12.4.1"
NODE_VERSION="22.23.3"
SQLITE3_VERSION="6.0.1"  # the version @directus/api 39.2.1 names (optional dependency)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${WF_DIRECTUS_HOME:-$root/.wf/directus}"
mkdir -p "$home"
home="$(cd "$home" && pwd)"

npm_cli="$(readlink -f "$(command -v npm)")"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -ge 22 ]; then
  node_bin="$(command -v node)"
  node_dir=""
else
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "install-directus: no node-linux package for $(uname -m); install Node >= 22 yourself." >&2; exit 1 ;;
  esac
  echo "install-directus: node $(node --version 2>/dev/null || echo none) is older than 22; installing node-linux-$arch@$NODE_VERSION from npm"
  npm install --prefix "$home/runtime-pkg" --no-save --no-audit --no-fund --ignore-scripts "node-linux-$arch@$NODE_VERSION"
  node_dir="$home/runtime-pkg/node_modules/node-linux-$arch"
  mkdir -p "$home/runtime/bin"
  ln -sfn "$node_dir/bin/node" "$home/runtime/bin/node"
  node_bin="$home/runtime/bin/node"
fi

echo "install-directus: using $("$node_bin" --version) at $node_bin"
cd "$home"
# The override pins the admin-app bundle to 18.0.0: @directus/api 39.2.1 asks for 18.0.1, which the package mirror this
# was first run on does not serve (npm ETARGET). The API does not depend on the app's patch level.
cat > package.json <<EOF
{
  "private": true,
  "name": "wf-directus",
  "dependencies": { "directus": "$DIRECTUS_VERSION", "sqlite3": "$SQLITE3_VERSION" },
  "overrides": { "@directus/app": "18.0.0" }
}
EOF

# npm on the chosen Node; node-gyp builds against that Node's headers (the user npmrc may point nodedir elsewhere).
export PATH="$(dirname "$node_bin"):$PATH"
if [ -n "$node_dir" ]; then
  export npm_config_nodedir="$node_dir"
fi
"$node_bin" "$npm_cli" install --no-audit --no-fund

"$node_bin" -e 'require("sqlite3")' || { echo "install-directus: the sqlite3 driver did not build; see the npm output above." >&2; exit 1; }
echo "install-directus: Directus $("$node_bin" -p 'require("directus/package.json").version') is in $home"
