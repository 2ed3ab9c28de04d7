#!/bin/sh
# Puts Debian's pocketsphinx-en-us model (the files models/speech-pocketsphinx-en-us.json lists) into
# public/models/pocketsphinx/en-us/, which both servers serve at /models/pocketsphinx/en-us/ (git-ignored).
#   sh models/pocketsphinx/fetch-model.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST="$(cd "$HERE/../.." && pwd)/public/models/pocketsphinx/en-us"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
apt-get download pocketsphinx-en-us 2>/dev/null || { $SUDO apt-get update -qq && apt-get download pocketsphinx-en-us; }
dpkg-deb -x pocketsphinx-en-us_*.deb extracted
mkdir -p "$DEST"
cp -r extracted/usr/share/pocketsphinx/model/en-us/. "$DEST/"
# The manifest's sha256 of every file it lists must match, or the worker would refuse them anyway.
node -e '
const { createHash } = require("node:crypto"), { readFileSync } = require("node:fs");
const [manifest, dir] = process.argv.slice(1);
for (const f of JSON.parse(readFileSync(manifest, "utf8")).files) {
  const sum = createHash("sha256").update(readFileSync(dir + "/" + f.path)).digest("hex");
  if (sum !== f.sha256) { console.error(`${f.path}: sha256 ${sum}, the manifest says ${f.sha256}`); process.exit(1); }
}' "$HERE/../speech-pocketsphinx-en-us.json" "$DEST"
echo "pocketsphinx-en-us: $(du -sh "$DEST" | cut -f1) in $DEST"
