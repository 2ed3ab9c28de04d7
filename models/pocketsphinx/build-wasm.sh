#!/bin/sh
# Builds workers/speech/pocketsphinx/ (committed): CMU PocketSphinx compiled to WebAssembly from Debian's own
# sources, with the small C API in inpage_ps.c. Needs root for apt (deb-src line, emscripten).
#   sh models/pocketsphinx/build-wasm.sh [scratch folder, default /tmp/inpage-pocketsphinx]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/../../workers/speech/pocketsphinx"
WORK=${1:-/tmp/inpage-pocketsphinx}
mkdir -p "$WORK" && cd "$WORK"

# Debian's sources: a deb-src line for the suite the system already installs from.
if ! apt-get source --download-only --print-uris sphinxbase >/dev/null 2>&1; then
  URI=$(grep -hoE '^URIs: *[^ ]+/debian$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | sed 's/^URIs: *//')
  SUITE=$(grep -hE '^Suites:' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "${URI:-http://deb.debian.org/debian}" "${SUITE:-bookworm}" > /etc/apt/sources.list.d/inpage-debian-src.sources
  apt-get update
fi
[ -d sphinxbase-*/src ] || apt-get source sphinxbase
[ -d pocketsphinx-*/src ] || apt-get source pocketsphinx
command -v emcc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y emscripten
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten finds Debian's acorn there

SB=$(ls -d "$WORK"/sphinxbase-*/ | head -1)
PS=$(ls -d "$WORK"/pocketsphinx-*/ | head -1)
mkdir -p config
# Configure's answers for wasm32 (long is 4 bytes there, not the 8 of the shipped sphinx_config.h).
cat > config/sphinx_config.h <<'H'
#define SIZEOF_LONG 4
#define HAVE_LONG_LONG 1
#define SIZEOF_LONG_LONG 8
H
cat > config/config.h <<'H'
#include "sphinx_config.h"
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_STRINGS_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_PERROR 1
#define HAVE_SNPRINTF 1
#define STDC_HEADERS 1
#define WITH_LAPACK 1
H

mkdir -p "$OUT"
emcc -O3 -flto -DNDEBUG -DHAVE_CONFIG_H -Wno-everything \
  -I config -I "$SB/include" -I "$SB/include/sphinxbase" -I "$PS/include" -I "$PS/src/libpocketsphinx" \
  "$SB"/src/libsphinxbase/util/*.c "$SB"/src/libsphinxbase/fe/*.c "$SB"/src/libsphinxbase/feat/*.c "$SB"/src/libsphinxbase/lm/*.c \
  "$PS"/src/libpocketsphinx/*.c "$HERE/inpage_ps.c" \
  -sMODULARIZE -sEXPORT_ES6 -sEXPORT_NAME=createPocketSphinx -sENVIRONMENT=web,worker \
  -sALLOW_MEMORY_GROWTH -sINITIAL_MEMORY=67108864 -sFILESYSTEM=1 \
  -sEXPORTED_RUNTIME_METHODS=FS,ccall,UTF8ToString -sEXPORTED_FUNCTIONS=_malloc,_free \
  -o "$OUT/pocketsphinx.mjs"
ls -l "$OUT"
