#!/bin/sh
# The 18 command words in two voices the commands model never trained on (models/speech/voices.py's held-out
# set): espeak-ng en-us+f3 at 160 wpm and Festival's kal_diphone, as 16 kHz mono 16-bit WAV.
# Needs espeak-ng, sox, festival and festvox-kallpc16k. Reproducible: sh models/speech/make_heldout_command_fixtures.sh
set -e
out="$(dirname "$0")/../../tests/e2e/audio/heldout"
mkdir -p "$out/en-us-f3" "$out/kal-diphone"
tmp="$(mktemp -d)"
for word in down eight five four go left nine no one right seven six stop three two up yes zero; do
  espeak-ng -v en-us+f3 -s 160 -w "$tmp/$word.wav" "$word"
  sox "$tmp/$word.wav" -r 16000 -b 16 -c 1 "$out/en-us-f3/$word.wav"
  echo "$word" | text2wave -eval '(voice_kal_diphone)' -o "$tmp/$word-kal.wav"
  sox "$tmp/$word-kal.wav" -r 16000 -b 16 -c 1 "$out/kal-diphone/$word.wav"
done
rm -r "$tmp"
