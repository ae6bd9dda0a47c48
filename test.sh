#!/usr/bin/env bash
# Runs every test of every module on JDK 25 (found as ./nabla finds it).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$root/scripts/find-jdk.sh"
nabla_find_jdk || exit 1
# Maven's bundled Guava uses sun.misc.Unsafe; JDK 25 warns about it on every build
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
cd "$root"
exec mvn -B verify "$@"
