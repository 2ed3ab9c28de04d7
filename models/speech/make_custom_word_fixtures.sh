#!/bin/sh
# The custom-word test's examples: two words outside the 18-word vocabulary, five training voices each,
# plus one held-out voice (en-us) per word to recognise after training. espeak-ng's own 22.05 kHz mono WAV.
# Reproducible: sh models/speech/make_custom_word_fixtures.sh
set -e
out="$(dirname "$0")/../../tests/e2e/audio/custom"
mkdir -p "$out"
for word in lights coffee; do
  i=0
  for voice in en-gb en-gb-scotland en-029 en-us-nyc en-gb-x-rp; do
    i=$((i + 1))
    espeak-ng -v "$voice" -s $((130 + 15 * i)) -w "$out/$word-$i.wav" "$word"
  done
  espeak-ng -v en-us -s 160 -w "$out/$word-heldout.wav" "$word"
done
