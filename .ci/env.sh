# Shared environment of ./cmt, ./test and .ci/run: Java 25 for the build and for every run.
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$("${JAVA_HOME}/bin/java" -version 2>&1 | grep -c 'version "25')" == 0 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
