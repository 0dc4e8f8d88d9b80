#!/usr/bin/env bash
# Builds the container images of the silo and the web host with the .NET SDK's own container support
# (dotnet publish -t:PublishContainer) and writes one image archive per process into OUTDIR:
#   OUTDIR/fieldservice-silo.tar, OUTDIR/fieldservice-webhost.tar   (`docker load -i …`, `podman load -i …`)
# Each is the SDK's docker-archive: manifest.json, the config, and the layers (already gzip-compressed inside, so
# the archive itself is a plain tar).
#
#   deploy/scripts/build-images.sh OUTDIR
#       offline: assembles a Debian base image (debootstrap --variant=minbase + ca-certificates, libssl, libicu,
#       tzdata, and the .NET runtime of the SDK that builds), serves it from a throwaway local registry (Debian's
#       docker-registry, on a free loopback port, stopped at the end) and builds on it. Needs: debootstrap,
#       docker-registry, curl (apt-get install -y debootstrap docker-registry curl), root (debootstrap chroots).
#       The base is cached in OUTDIR/.base (BASE_CACHE=DIR moves it), keyed by Debian release and runtime version.
#   BASE_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0 deploy/scripts/build-images.sh OUTDIR
#       builds on the official ASP.NET Core image (or any registry image you name) instead; needs the registry.
#
# Other variables: IMAGE_TAG (default latest). The script installs nothing; what it lacks it names.
# Details and the choices made: docs/deploy.md.
set -euo pipefail

outdir=${1:?usage: deploy/scripts/build-images.sh OUTDIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
tag=${IMAGE_TAG:-latest}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need() { command -v "$1" >/dev/null 2>&1 || { echo "build-images.sh: $1 not found; $2" >&2; exit 1; }; }
need dotnet "install the .NET 10 SDK"

registry_pid=
registry_dir=
stop_registry() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  if [ -n "$registry_dir" ]; then rm -rf "$registry_dir"; fi
}
trap stop_registry EXIT

# --- the offline base image -------------------------------------------------------------------------------------
# Layer 1: a minimal Debian of the machine's own release from the machine's own apt mirror, so it works wherever
# apt-get does. Layer 2: the .NET and ASP.NET Core shared runtimes of the SDK that builds (the same files the
# official image carries), at /usr/share/dotnet as there. The apps are framework-dependent either way, so the
# image's layout and entrypoint do not depend on which base was chosen.
build_base() {
  need debootstrap "apt-get install -y debootstrap (or set BASE_IMAGE to build on a registry image)"
  need docker-registry "apt-get install -y docker-registry (or set BASE_IMAGE to build on a registry image)"
  need curl "apt-get install -y curl"
  [ "$(id -u)" = 0 ] || { echo "build-images.sh: debootstrap needs root (or set BASE_IMAGE)" >&2; exit 1; }

  local suite mirror runtime_version cache
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:?}")
  mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
  [ -n "$mirror" ] || { echo "build-images.sh: no Debian mirror in /etc/apt/sources*; set DEBIAN_MIRROR" >&2; exit 1; }
  runtime_version=$(dotnet --list-runtimes | sed -nE 's/^Microsoft\.AspNetCore\.App ([0-9.]+) .*/\1/p' | sort -V | tail -n 1)
  [ -n "$runtime_version" ] || { echo "build-images.sh: the SDK has no ASP.NET Core runtime" >&2; exit 1; }
  cache=${BASE_CACHE:-$outdir/.base}
  mkdir -p "$cache"

  local debian_layer="$cache/debian-$suite.tar.gz" runtime_layer="$cache/dotnet-$runtime_version.tar.gz"
  if [ ! -s "$debian_layer" ]; then
    echo "base: debootstrap $suite (minbase) from the apt mirror, cached in $cache" >&2
    local rootfs="$cache/rootfs-$suite"
    release_mounts "$rootfs"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include=ca-certificates,libssl3,libicu72,tzdata,libstdc++6,zlib1g \
      "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { release_mounts "$rootfs"; echo "build-images.sh: debootstrap failed; see $cache/debootstrap.log" >&2; exit 1; }
    # debootstrap mounts /proc in the target while packages configure and does not always unmount it: a live /proc
    # must neither go into the layer (tar fails on it) nor be under the rm -rf below.
    release_mounts "$rootfs"
    # What a container never uses: package caches and lists, documentation, manuals, translations.
    rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
      "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*
    # The app's user, with the official images' uid, so runAsNonRoot and volume permissions behave alike.
    chroot "$rootfs" useradd --uid 1654 --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin app
    layer_tar "$rootfs" "$debian_layer.tmp" && mv "$debian_layer.tmp" "$debian_layer"
    rm -rf "$rootfs"
  fi
  if [ ! -s "$runtime_layer" ]; then
    echo "base: .NET runtime $runtime_version from the SDK" >&2
    local dotnet_root staging="$cache/runtime-staging"
    dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
    rm -rf "$staging" && mkdir -p "$staging/usr/share/dotnet/shared" "$staging/usr/bin"
    cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$staging/usr/share/dotnet/"
    cp -a "$dotnet_root/host" "$staging/usr/share/dotnet/"
    for fx in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
      [ -d "$dotnet_root/shared/$fx/$runtime_version" ] \
        || { echo "build-images.sh: $fx $runtime_version not found in $dotnet_root" >&2; exit 1; }
      mkdir -p "$staging/usr/share/dotnet/shared/$fx"
      cp -a "$dotnet_root/shared/$fx/$runtime_version" "$staging/usr/share/dotnet/shared/$fx/"
    done
    ln -s ../share/dotnet/dotnet "$staging/usr/bin/dotnet"
    layer_tar "$staging" "$runtime_layer.tmp" && mv "$runtime_layer.tmp" "$runtime_layer"
    rm -rf "$staging"
  fi

  start_registry
  local name=fieldservice-base image_tag="$suite-$runtime_version"
  push_image "$name" "$image_tag" "$runtime_version" "$debian_layer" "$runtime_layer"
  base_image="127.0.0.1:$registry_port/$name:$image_tag"
}

# Unmounts whatever is mounted at or below $1 (deepest first); nothing when nothing is.
release_mounts() {
  local root mounts
  root=$(readlink -f "$1" 2>/dev/null) || return 0
  mounts=$(awk -v root="$root" '$2 == root || index($2, root "/") == 1 {print $2}' /proc/self/mounts | sort -r)
  for mount in $mounts; do umount -l "$mount" 2>/dev/null || true; done
}

apt_mirror() {
  { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '/^deb / {print $2}'; } \
    | grep -vE 'security|updates|nodesource|google' | head -n 1 || true
}

# A reproducible layer: sorted names, fixed times and numeric owners, so the same input gives the same digest.
layer_tar() {
  tar -C "$1" --sort=name --mtime='2000-01-01 00:00:00Z' --numeric-owner --xattrs -cf - . | gzip -n -6 >"$2"
}

start_registry() {
  registry_dir=$(mktemp -d)
  local port
  for _ in $(seq 1 50); do
    port=$((40000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  done
  cat >"$registry_dir/config.yml" <<EOF
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $registry_dir/data } }
http: { addr: 127.0.0.1:$port }
EOF
  docker-registry serve "$registry_dir/config.yml" >"$registry_dir/registry.log" 2>&1 &
  registry_pid=$!
  registry_port=$port
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$port/v2/" >/dev/null; then return; fi
    kill -0 "$registry_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "build-images.sh: the local registry did not start:" >&2
  cat "$registry_dir/registry.log" >&2
  exit 1
}

# Pushes an image made of the given gzip layers through the registry API (blob uploads, then the manifest).
push_image() {
  local name=$1 image_tag=$2 runtime_version=$3; shift 3
  local base="http://127.0.0.1:$registry_port/v2/$name" diff_ids=() layers=() layer
  for layer in "$@"; do
    diff_ids+=("\"sha256:$(gzip -dc "$layer" | sha256sum | cut -d' ' -f1)\"")
    layers+=("{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":$(stat -c %s "$layer"),\"digest\":\"$(push_blob "$base" "$layer")\"}")
  done
  local config="$registry_dir/config.json"
  cat >"$config" <<EOF
{"architecture":"amd64","os":"linux","created":"2000-01-01T00:00:00Z",
 "config":{"User":"1654","WorkingDir":"/app",
  "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","APP_UID=1654",
   "ASPNETCORE_HTTP_PORTS=8080","DOTNET_RUNNING_IN_CONTAINER=true","DOTNET_ROOT=/usr/share/dotnet",
   "DOTNET_VERSION=$runtime_version","ASPNET_VERSION=$runtime_version"]},
 "rootfs":{"type":"layers","diff_ids":[$(IFS=,; echo "${diff_ids[*]}")]},
 "history":[{"created":"2000-01-01T00:00:00Z","created_by":"debootstrap --variant=minbase (deploy/scripts/build-images.sh)"},
  {"created":"2000-01-01T00:00:00Z","created_by":".NET runtime $runtime_version from the building SDK"}]}
EOF
  local config_digest manifest="$registry_dir/manifest.json"
  config_digest=$(push_blob "$base" "$config")
  cat >"$manifest" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":$(stat -c %s "$config"),"digest":"$config_digest"},
 "layers":[$(IFS=,; echo "${layers[*]}")]}
EOF
  curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
    --data-binary "@$manifest" "$base/manifests/$image_tag" >/dev/null \
    || { echo "build-images.sh: the local registry refused the base manifest" >&2; exit 1; }
}

push_blob() {
  local base=$1 file=$2 digest location
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  location=$(curl -sf -X POST -D - -o /dev/null "$base/blobs/uploads/" | tr -d '\r' | sed -nE 's/^[Ll]ocation: *//p')
  [ -n "$location" ] || { echo "build-images.sh: the local registry refused an upload" >&2; exit 1; }
  case $location in http*) ;; *) location="http://127.0.0.1:$registry_port$location" ;; esac
  case $location in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" "$location" >/dev/null \
    || { echo "build-images.sh: the local registry refused a blob" >&2; exit 1; }
  echo "$digest"
}

# --- the images -------------------------------------------------------------------------------------------------
base_image=${BASE_IMAGE:-}
if [ -z "$base_image" ]; then build_base; fi
echo "base image: $base_image" >&2

publish() {
  local project=$1 repository=$2
  # The local registry speaks plain HTTP on loopback; the SDK is told so (it asks nothing of other registries).
  DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:${registry_port:-0}" \
  dotnet publish "$root/$project" -c Release -nologo -v quiet -t:PublishContainer \
    -p:ContainerBaseImage="$base_image" -p:ContainerRepository="$repository" -p:ContainerImageTag="$tag" \
    -p:ContainerArchiveOutputPath="$outdir/$repository.tar" \
    || { echo "build-images.sh: dotnet publish of $project failed" >&2; exit 1; }
  echo "$outdir/$repository.tar" >&2
}
publish Silo fieldservice-silo
publish WebHost fieldservice-webhost
