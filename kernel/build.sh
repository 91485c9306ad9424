#!/bin/bash
# Build the audit-contid kernel: Debian's linux-source-6.1 + kernel/patches/series,
# configured from `make ARCH=x86_64 tinyconfig` + kernel/config.fragment.
#
# Usage: kernel/build.sh            (prints the bzImage path as the last line of stdout)
# Env:   AUDIT_CONTID_KERNEL_CACHE  cache directory (default /var/cache/audit-contid/kernel)
#        AUDIT_CONTID_CCACHE=1      compile through ccache (pays off only with a warm cache)
#        AUDIT_CONTID_JOBS=N        make -j (default: nproc)
#
# The cache keeps a git-tracked source tree (tag "pristine") and an O= build directory, so
# repeated runs are incremental.  When the series changes it is applied again from pristine
# and only files whose content changes are rewritten, so make rebuilds exactly what differs.
# Everything but the final path goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${AUDIT_CONTID_KERNEL_CACHE:-/var/cache/audit-contid/kernel}
jobs=${AUDIT_CONTID_JOBS:-$(nproc)}
series_dir=$here/patches
fragment=$here/config.fragment
src=$cache/src
out=$cache/build

log() { echo "build.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- dependencies -------------------------------------------------------------------------
need_pkgs=(linux-source-6.1 build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils
           git patch)
missing=()
for p in "${need_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${AUDIT_CONTID_CCACHE:-0}" = 1 ] && ! command -v ccache >/dev/null; then
    missing+=(ccache)
fi
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get install -y "${missing[@]}" >&2 ||
        { timeout 600 apt-get update >&2 && timeout 900 apt-get install -y "${missing[@]}" >&2; } ||
        die "apt-get install ${missing[*]} failed"
fi
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || die "$tarball missing after installing linux-source-6.1"
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 || die "cannot lock $cache"

git_src() { git -C "$src" -c user.name=build -c user.email=build@localhost "$@"; }

# --- pristine tree (git-tracked) ----------------------------------------------------------
if [ "$(cat "$src/.srcver" 2>/dev/null)" != "$srcver" ]; then
    log "unpacking linux-source-6.1 $srcver into $src"
    rm -rf "$src" "$out" "$cache/unpack"
    mkdir -p "$cache/unpack"
    tar -C "$cache/unpack" -xf "$tarball"
    mv "$cache/unpack/linux-source-6.1" "$src"
    rmdir "$cache/unpack"
    git_src init -q
    git_src add -Af . >/dev/null          # Debian's .gitignore ignores /*: force
    git_src commit -qm "linux-source-6.1 $srcver"
    git_src tag -f pristine >/dev/null
    echo "$srcver" >"$src/.srcver"
fi

# --- apply the series ---------------------------------------------------------------------
# The series is applied to an index built from the pristine commit (git apply --cached), the
# result is committed and checked out: git rewrites only the files whose content differs from
# what is checked out, so unchanged files keep their mtimes and make rebuilds only what changed.
[ -f "$series_dir/series" ] || die "$series_dir/series missing"
mapfile -t patches < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_dir/series")
series_hash=$( (cat "$series_dir/series"; for p in "${patches[@]}"; do cat "$series_dir/$p"; done) |
               sha256sum | cut -c1-16)
if [ "$(cat "$cache/.series" 2>/dev/null)" != "$series_hash" ]; then
    log "applying series $series_hash (${#patches[@]} patches)"
    idx=$cache/.series-index
    rm -f "$idx"
    GIT_INDEX_FILE=$idx git_src read-tree pristine
    for p in "${patches[@]}"; do
        [ -f "$series_dir/$p" ] || die "series lists $p, which does not exist"
        GIT_INDEX_FILE=$idx git_src apply --cached "$series_dir/$p" >&2 ||
            die "patch $p does not apply to linux-source-6.1 $srcver"
    done
    tree=$(GIT_INDEX_FILE=$idx git_src write-tree)
    rm -f "$idx"
    commit=$(git_src commit-tree "$tree" -p pristine -m "series $series_hash")
    git_src checkout -q -f --detach "$commit"
    echo "$series_hash" >"$cache/.series"
fi

# --- configure ----------------------------------------------------------------------------
mk=(make -s -C "$src" O="$out" ARCH=x86_64)
if [ "${AUDIT_CONTID_CCACHE:-0}" = 1 ]; then
    mk+=(CC="ccache gcc")
fi
cfg_hash=$(cat "$fragment" | sha256sum | cut -c1-16)
mkdir -p "$out"
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.fragment" 2>/dev/null)" != "$cfg_hash" ]; then
    log "configuring: tinyconfig + $(basename "$fragment")"
    "${mk[@]}" tinyconfig >&2
    cat "$fragment" >>"$out/.config"
    "${mk[@]}" olddefconfig >&2 2>/dev/null
    bad=0
    while read -r opt; do
        grep -qx "$opt=y" "$out/.config" || { log "option $opt is not =y after olddefconfig"; bad=1; }
    done < <(grep -o '^CONFIG_[A-Za-z0-9_]*' "$fragment")
    [ $bad = 0 ] || die "configuration incomplete"
    echo "$cfg_hash" >"$out/.fragment"
fi

# --- build --------------------------------------------------------------------------------
log "make -j$jobs bzImage (O=$out)"
start=$(date +%s)
timeout 3600 "${mk[@]}" -j"$jobs" bzImage >&2 || die "kernel build failed"
log "built in $(( $(date +%s) - start )) s"
echo "$out/arch/x86/boot/bzImage"
