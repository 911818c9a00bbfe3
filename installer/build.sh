#!/usr/bin/env bash
# Builds Stockroom as a desktop application that needs no Java on the target machine:
#   1. the jar and its libraries (Maven),
#   2. a Java runtime made with jlink that includes JavaFX (from the JavaFX jars Maven fetched),
#   3. an application image with jpackage (target/installer/image/),
#   4. a native package from that image: .deb here on Linux; .msi/.exe on Windows; .dmg/.pkg on macOS.
#
# Usage: installer/build.sh [--type app-image|deb|msi|exe|dmg|pkg] [--skip-maven] [--app-version X.Y.Z]
#   default type: deb on Linux (the image is always built first), app-image elsewhere.
#   JDK_HOME=/path/to/jdk picks the JDK (17 or newer, with jmods/ and jpackage); default: the one on PATH.
# Output: target/installer/ (image/, runtime/, the package).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

type=""
skip_maven=false
app_version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --type) type="$2"; shift 2 ;;
    --skip-maven) skip_maven=true; shift ;;
    --app-version) app_version="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# --- platform -------------------------------------------------------------------------------
case "$(uname -s)" in
  Linux*)  os=linux;   fx_platform=linux; pg_platform=linux-amd64;   sep=':'; default_type=deb ;;
  Darwin*) os=macos;   fx_platform=mac;   pg_platform=darwin-amd64;  sep=':'; default_type=app-image ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; fx_platform=win; pg_platform=windows-amd64; sep=';'; default_type=app-image ;;
  *) die "unsupported system $(uname -s)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) ;;
  arm64|aarch64) [ "$os" = macos ] || die "the embedded PostgreSQL shipped with Stockroom is built for x86-64 only" ;;
  *) die "the embedded PostgreSQL shipped with Stockroom is built for x86-64 only, not $(uname -m)" ;;
esac
type="${type:-$default_type}"
case "$os:$type" in
  *:app-image|linux:deb|windows:msi|windows:exe|macos:dmg|macos:pkg) ;;
  *) die "--type $type cannot be built on $os (app-image, or: deb on Linux, msi/exe on Windows, dmg/pkg on macOS)" ;;
esac

# --- tools ----------------------------------------------------------------------------------
if [ -z "${JDK_HOME:-}" ]; then
  jpackage_path="$(command -v jpackage || true)"
  [ -n "$jpackage_path" ] || die "jpackage not found: install a JDK 17+ (Debian: apt-get install openjdk-17-jdk) or set JDK_HOME"
  JDK_HOME="$(dirname "$(dirname "$(readlink -f "$jpackage_path")")")"
fi
for tool in jlink jpackage jmod jar; do
  [ -x "$JDK_HOME/bin/$tool" ] || [ -x "$JDK_HOME/bin/$tool.exe" ] || die "$JDK_HOME has no $tool: set JDK_HOME to a full JDK 17 or newer"
done
if [ ! -f "$JDK_HOME/jmods/java.base.jmod" ]; then
  if [ "$os" = linux ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "jlink needs the JDK's jmods: installing openjdk-17-jmods"
    apt-get install -y -q openjdk-17-jmods >&2 || true
  fi
  [ -f "$JDK_HOME/jmods/java.base.jmod" ] || die "$JDK_HOME/jmods is missing (Debian: apt-get install openjdk-17-jmods)"
fi
if [ "$type" = deb ]; then
  missing=""
  command -v fakeroot >/dev/null || missing="$missing fakeroot"
  command -v dpkg-deb >/dev/null || missing="$missing dpkg"
  command -v objdump >/dev/null || missing="$missing binutils"   # jpackage reads the libraries' needs
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing$missing (needed to build a .deb)"
      apt-get install -y -q $missing >&2
    else
      die "building a .deb needs:$missing (sudo apt-get install$missing)"
    fi
  fi
fi
jlink="$JDK_HOME/bin/jlink"; jpackage="$JDK_HOME/bin/jpackage"; jmod="$JDK_HOME/bin/jmod"; jar="$JDK_HOME/bin/jar"

# --- 1. the jar and its libraries -----------------------------------------------------------
if [ "$skip_maven" = false ]; then
  say "building the jar (mvn package, tests skipped: run them with mvn test)"
  mvn -B -q -DskipTests ${STOCKROOM_MAVEN_ARGS:-} package >&2
fi
[ -f target/stockroom.jar ] && [ -d target/lib ] || die "target/stockroom.jar is missing: run without --skip-maven"

if [ -z "$app_version" ]; then
  app_version="$(unzip -p target/stockroom.jar META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')"
  [ -n "$app_version" ] || die "target/stockroom.jar has no Implementation-Version"
  app_version="${app_version%%-*}"   # 0.2.0-SNAPSHOT -> 0.2.0: installers want plain numbers
fi
fx_version="$(ls target/lib | sed -n "s/^javafx-base-\(.*\)-$fx_platform\.jar$/\1/p" | head -1)"
[ -n "$fx_version" ] || die "target/lib has no javafx-base-*-$fx_platform.jar (was the jar built on this system?)"

out="target/installer"
rm -rf "$out"
mkdir -p "$out"

# --- 2. the input: our jar, the libraries this platform needs, the example configuration ----
say "staging Stockroom $app_version"
input="$out/input"
mkdir -p "$input/lib"
cp target/stockroom.jar "$input/"
for lib in target/lib/*.jar; do
  name="$(basename "$lib")"
  case "$name" in
    javafx-*) continue ;;   # linked into the runtime below, as modules
    embedded-postgres-binaries-*)
      # only this platform's PostgreSQL (the others are 60 MB we would carry for nothing)
      case "$name" in "embedded-postgres-binaries-$pg_platform-"[0-9]*) ;; *) continue ;; esac ;;
  esac
  cp "$lib" "$input/lib/"
done
cp app/stockroom.properties.example "$input/"
[ "$os" = linux ] && cp app/stockroom.desktop "$input/"   # the menu entry, installed by the .deb

# --- 3. JavaFX as jmods, made from the platform jars on Maven Central -----------------------
# Maven Central has no JavaFX jmods; its platform jars are modular and carry the native libraries
# at their root. Splitting classes from natives gives jmods equivalent to the official ones, so
# jlink puts the natives in the runtime's lib/ where JavaFX looks first (nothing is unpacked into
# the user's home at run time).
say "JavaFX $fx_version jmods"
fxjmods="$out/javafx-jmods"
mkdir -p "$fxjmods"
for module in base graphics controls fxml; do
  work="$out/javafx-src/$module"
  mkdir -p "$work/classes" "$work/libs"
  (cd "$work/classes" && "$jar" xf "$root/target/lib/javafx-$module-$fx_version-$fx_platform.jar")
  find "$work/classes" -maxdepth 1 -type f \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) -exec mv {} "$work/libs/" \;
  rm -rf "$work/classes/META-INF" "$work/classes/javafx-swt.jar"
  "$jmod" create --module-version "$fx_version" --class-path "$work/classes" --libs "$work/libs" "$fxjmods/javafx.$module.jmod"
done

# --- 4. the runtime -------------------------------------------------------------------------
# JDK modules the application and its libraries use; service providers (TLS elliptic curves,
# locales, charsets, zip file system) are named because jlink does not follow services by itself.
# jdk.security.auth: the embedded PostgreSQL asks it whether it runs as root (then it starts the
# server in a user namespace, since PostgreSQL refuses to run as root).
jdk_modules="java.base,java.sql,java.naming,java.management,java.logging,java.xml,java.desktop,java.prefs"
jdk_modules="$jdk_modules,java.net.http,java.security.jgss,java.scripting,jdk.unsupported,jdk.httpserver"
jdk_modules="$jdk_modules,jdk.crypto.ec,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.management,jdk.security.auth"
say "jlink runtime ($jdk_modules + JavaFX)"
"$jlink" --module-path "$JDK_HOME/jmods$sep$fxjmods" \
  --add-modules "$jdk_modules,javafx.base,javafx.graphics,javafx.controls,javafx.fxml" \
  --strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=2 \
  --output "$out/runtime"

# --- 5. the application image ---------------------------------------------------------------
# Options live in installer/jpackage/: common (all), launcher (image), <os> (image and package),
# <os>-image (image only), <os>-package (package only).
opts() { [ -f "installer/jpackage/$1.args" ] && printf '@installer/jpackage/%s.args\n' "$1"; return 0; }
mapfile -t image_args < <(opts common; opts launcher; opts "$os"; opts "$os-image")
mapfile -t package_args < <(opts common; opts "$os"; opts "$os-package")
say "jpackage application image"
"$jpackage" --type app-image --dest "$out/image" --input "$input" --runtime-image "$out/runtime" \
  --app-version "$app_version" "${image_args[@]}"
image="$(ls -d "$out/image"/*)"
say "image: $image ($(du -sh "$image" | cut -f1))"

# --- 6. the package -------------------------------------------------------------------------
if [ "$type" != app-image ]; then
  say "jpackage $type"
  if [ "$type" = deb ]; then
    # Our maintainer scripts (PATH link, menu entry) in place of jpackage's.
    resources="$out/deb-resources"
    mkdir -p "$resources"
    # jpackage's default install directory (/opt/<package>), as in app/stockroom.desktop
    for script in postinst prerm; do
      sed 's|STOCKROOM_LAUNCHER|/opt/stockroom/bin/stockroom|g' "installer/linux/$script" > "$resources/$script"
    done
    package_args+=(--resource-dir "$resources")
  fi
  "$jpackage" --type "$type" --app-image "$image" --dest "$out" --app-version "$app_version" "${package_args[@]}"
  say "package: $(ls "$out"/*."$type")"
fi
