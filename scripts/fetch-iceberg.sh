#!/usr/bin/env bash
# Download the Apache Iceberg Spark runtime that EMR 7.8.0 ships (Iceberg 1.7.1, Spark 3.5, Scala 2.12)
# once into ${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/jars/, for local runs and tests.
# On EMR the cluster's own runtime is used (iceberg-defaults: iceberg.enabled=true).
# The jar is checked against the SHA-1 pinned here and the one Maven Central publishes beside it.
# Prints the jar's path on stdout; progress goes to stderr.
set -euo pipefail

ICEBERG_VERSION="1.7.1"
ICEBERG_SHA1="03c97e0cf547c21ef1fe5c735a2bc306340ec785"
ARTIFACT="iceberg-spark-runtime-3.5_2.12"
URL="https://repo1.maven.org/maven2/org/apache/iceberg/$ARTIFACT/$ICEBERG_VERSION/$ARTIFACT-$ICEBERG_VERSION.jar"
JARS_DIR="${PLATFORM_TOOLS_DIR:-$HOME/.cache/spark-platform-tools}/jars"
JAR="$JARS_DIR/$ARTIFACT-$ICEBERG_VERSION.jar"

fail() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

if [[ -f "$JAR" ]] && [[ "$(sha1sum "$JAR" | cut -d' ' -f1)" == "$ICEBERG_SHA1" ]]; then
  printf '%s\n' "$JAR"
  exit 0
fi

mkdir -p "$JARS_DIR"
tmp="$(mktemp "$JARS_DIR/.$ARTIFACT.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
printf '==> downloading %s (about 43 MB)\n' "$URL" >&2
curl -fsSL --retry 3 -o "$tmp" "$URL" || fail "download of $URL failed (is Maven Central reachable?)"
published="$(curl -fsSL --retry 3 "$URL.sha1" | cut -c1-40)" || fail "could not fetch $URL.sha1"
got="$(sha1sum "$tmp" | cut -d' ' -f1)"
[[ "$published" == "$ICEBERG_SHA1" ]] ||
  fail "Maven Central publishes SHA-1 $published for $ARTIFACT $ICEBERG_VERSION, this script pins $ICEBERG_SHA1"
[[ "$got" == "$ICEBERG_SHA1" ]] || fail "downloaded jar has SHA-1 $got, expected $ICEBERG_SHA1; nothing kept"
mv "$tmp" "$JAR"
printf '%s\n' "$JAR"
