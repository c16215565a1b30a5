# SPDX-License-Identifier: BSD-2-Clause
# Shared set-up for scripts/run, scripts/test and scripts/debug (sourced):
# install the Debian packages the project needs, configure and build.

MACHRV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MACHRV_BUILD=${MACHRV_BUILD:-$MACHRV_ROOT/build}
MACHRV_KERNEL=${MACHRV_KERNEL:-$MACHRV_BUILD/target/mach/mach_kernel}	# a variant: build/variant-NAME/mach/mach_kernel

say() { printf 'machrv: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# The packages in scripts/packages that are not installed yet.
machrv_missing_packages() {
	local pkg
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$MACHRV_ROOT/scripts/packages" |
	while read -r pkg; do
		dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$pkg"
	done
}

machrv_install_packages() {
	command -v dpkg-query >/dev/null ||
		die "this is not a Debian system: install the packages in scripts/packages by hand"
	local missing
	missing=$(machrv_missing_packages | tr '\n' ' ')
	[ -z "$missing" ] && return 0
	say "installing Debian packages: $missing"
	local sudo=
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
		die "apt-get update failed"
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing ||
		die "apt-get install failed"
}

machrv_jobs() { nproc 2>/dev/null || echo 2; }

# Configure (once) and build everything into $MACHRV_BUILD.
machrv_build() {
	if [ ! -f "$MACHRV_BUILD/CMakeCache.txt" ]; then
		cmake -S "$MACHRV_ROOT" -B "$MACHRV_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo ||
			die "cmake configure failed"
	fi
	cmake --build "$MACHRV_BUILD" -j "$(machrv_jobs)" || die "build failed"
}

# MACHRV_SKIP_SETUP=1 (set by ctest for tests that run these scripts) uses
# the build as it is.
machrv_setup() {
	[ "${MACHRV_SKIP_SETUP:-0}" = 1 ] && return 0
	machrv_install_packages
	machrv_build
}

# machrv_setup_quiet TOOL: machrv_setup with the build's output shown only
# when it fails (then TOOL exits 125: the system could not be built).
machrv_setup_quiet() {
	[ "${MACHRV_SKIP_SETUP:-0}" = 1 ] && return 0
	machrv_install_packages
	local log
	log=$(mktemp)
	if ! (machrv_build) >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "$1: the build failed" >&2
		exit 125
	fi
	rm -f "$log"
}
