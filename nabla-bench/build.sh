# Sourced by the side-by-side scripts once they have set $root: finds JDK 25 (JAVA_HOME), builds nabla-bench and
# the modules it uses (tests skipped), and sets $cp to their classes.
. "$root/scripts/find-jdk.sh"
nabla_find_jdk || exit 1
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
(cd "$root" && mvn -q -B package -DskipTests -pl nabla-bench -am) >&2
cp="$root/nabla-bench/target/classes:$root/nabla-core/target/classes:$root/nabla-text/target/classes:$root/nabla-models/target/classes"
