#!/bin/sh
# Real people's words for evaluating voice commands (tests/fixtures/people/, committed): cut from the
# recordings in Debian's pocketsphinx-testdata (CMU's an4 "cards" speakers, a TIDIGITS digit string, two
# command phrases) at the word times native PocketSphinx gives when it aligns each known transcript.
# Words of the 18-word vocabulary are named by their word; the others (named "other-<word>") must not be
# taken for a command. These speakers are evaluation only: no build script trains on them.
# Needs root for apt, pocketsphinx, pocketsphinx-en-us and sox. Reproducible:
#   sh models/speech/cut_real_words.sh [scratch folder]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/../../tests/fixtures/people"
WORK=${1:-/tmp/inpage-people}
MODEL=/usr/share/pocketsphinx/model/en-us
VOCABULARY=" zero one two three four five six seven eight nine up down left right go stop yes no "
PAD=0.05
mkdir -p "$WORK" "$OUT" && cd "$WORK"
[ -d data ] || { apt-get download pocketsphinx-testdata; dpkg-deb -x pocketsphinx-testdata_*.deb deb; ln -s deb/usr/share/pocketsphinx/test/data data; }

# cut <name> <audio file> <transcript>: one WAV per aligned word, padded a little at both ends.
cut() {
  printf '#JSGF V1.0;\ngrammar align;\npublic <align> = %s;\n' "$3" > align.gram
  case "$2" in *.raw) input="-t raw -r 16000 -e signed -b 16 -c 1 $2" ;; *) input="$2" ;; esac
  pocketsphinx_continuous -infile "$2" -hmm "$MODEL/en-us" -dict "$MODEL/cmudict-en-us.dict" -jsgf align.gram -time yes -logfn /dev/null 2>/dev/null |
    awk 'NF == 4 && $2 ~ /^[0-9.]+$/ && $1 !~ /^[<[]/ { sub(/\(.*\)$/, "", $1); print $1, $2, $3 }' > words.txt
  i=0
  while read -r word start end; do
    i=$((i + 1))
    case "$VOCABULARY" in *" $word "*) label=$word ;; *) label=other-$word ;; esac
    from=$(echo "$start $PAD" | awk '{ s = $1 - $2; print (s < 0 ? 0 : s) }')
    length=$(echo "$start $end $PAD" | awk '{ print $2 - $1 + 2 * $3 }')
    # shellcheck disable=SC2086
    sox $input -r 16000 -b 16 -c 1 "$OUT/$1-$i-$label.wav" trim "$from" "$length"
  done < words.txt
}

D=data
for n in 1 2 3 4 5; do
  cut "an4-cards-00$n" "$D/cards/00$n.wav" "$(sed -n "${n}p" "$D/cards/cards.transcription" | sed 's/<s> //; s/ *<\/s>.*//')"
done
cut tidigits-dhd "$D/tidigits/dhd.2934z.raw" "two nine three four zero"
cut goforward "$D/goforward.raw" "go forward ten meters"
cut something "$D/something.raw" "go somewhere and do something"
ls "$OUT" | wc -l
