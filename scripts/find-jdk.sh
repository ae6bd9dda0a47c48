# Sourced by ./nabla, ./test.sh and .ci/run: points JAVA_HOME at a JDK 25 or newer.
# Looks at $JAVA_HOME, then the usual install places, then `java` on PATH; fails with a clear message.

nabla_java_major() { # prints the major version of the JDK at $1, or nothing
  local v
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  elif [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && echo "$v"
}

nabla_find_jdk() {
  local want=25 c m
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$c")
  fi
  for c in "${candidates[@]}"; do
    m=$(nabla_java_major "$c")
    if [ -n "$m" ] && [ "$m" -ge "$want" ] 2>/dev/null; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "nabla: no JDK $want or newer found (looked at JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm, /usr/java, /opt, and java on PATH)." >&2
  echo "nabla: install a JDK $want (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

# The JVM flags nabla runs with, the launcher and the benchmarks alike: the Vector API module and the throughput
# collector (under G1 about one start in four ran some vector kernels several times slower). Transparent huge pages
# (-XX:+UseTransparentHugePages) made fresh 4 MB arrays 20-30% faster to allocate but left softmax's kernels 2-15×
# slower in 3 of 8 launches, so they are not used.
nabla_jvm_flags() {
  echo "--add-modules jdk.incubator.vector -XX:+UseParallelGC"
}
