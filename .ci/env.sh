# Shared environment of ./cmt, ./test and .ci/run: Java 25 for the build and for every run.
# The JDK's release file says its version without starting a JVM (which would cost ./cmt 50 ms a call).
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" ]] \
    || ! grep -qs '^JAVA_VERSION="25' "${JAVA_HOME}/release"; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
