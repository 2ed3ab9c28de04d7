"""The synthetic voices the commands model trains on, and the ones it is measured on but never hears in training.

espeak-ng (Debian's espeak-ng): every English voice with every variant it ships (`espeak-ng --voices=variant`),
at random speeds and pitches. Festival (Debian's festival with festvox-kdlpc16k, festvox-us-slt-hts and
festvox-kallpc16k): each word once per voice, then sox shifts its pitch and tempo. espeak-ng also lists
MBROLA voices (mb-us1..3), but Debian ships neither the mbrola program nor its voices in main (they are
non-free), so none are used.

Held out, never synthesised for training:
  - the en-us espeak voice in every variant (the fixture recordings are en-us at 160 wpm),
  - the variants in HELD_OUT_VARIANTS with every voice,
  - Festival's kal_diphone voice.
"""
import os
import subprocess
import tempfile
import wave

import numpy as np

ESPEAK_TRAIN_VOICES = ['en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc']
HELD_OUT_VARIANTS = ['f3', 'm2', 'Annie', 'klatt4']
FESTIVAL_TRAIN_VOICES = ['ked_diphone', 'cmu_us_slt_arctic_hts']
FESTIVAL_HELD_OUT_VOICE = 'kal_diphone'
# Held-out evaluation: (engine, voice, speeds: espeak's words per minute, festival's duration stretch).
# en-us plain is the fixtures' voice.
HELD_OUT = [('espeak', 'en-us', (140, 180)), ('espeak', 'en-us+f3', (140, 180)), ('espeak', 'en-us+m2', (140, 180)),
            ('espeak', 'en-us+Annie', (160,)), ('espeak', 'en-gb+klatt4', (160,)), ('espeak', 'en-029+f3', (160,)),
            ('festival', FESTIVAL_HELD_OUT_VOICE, (1.0, 1.25))]


def espeak_variants():
    """Every variant this espeak-ng ships except the held-out ones ('' is the voice's own)."""
    listing = subprocess.run(['espeak-ng', '--voices=variant'], check=True, capture_output=True, text=True).stdout
    names = sorted(line.split()[4].split('/')[-1] for line in listing.splitlines()[1:] if line.strip())
    return [''] + ['+' + n for n in names if n not in HELD_OUT_VARIANTS]


def read_wav(path):
    with wave.open(path) as w:
        rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype={2: np.int16, 4: np.int32}[width])
    x = data.reshape(-1, channels).mean(axis=1) / float(2 ** (8 * width - 1))
    return x.astype(np.float32), rate


def espeak(text, voice, speed, pitch=50):
    with tempfile.NamedTemporaryFile(suffix='.wav') as f:
        subprocess.run(['espeak-ng', '-v', voice, '-s', str(speed), '-p', str(pitch), '-w', f.name, text], check=True)
        return read_wav(f.name)


def festival(words, voice, stretch=1.0):
    """{word: (samples, rate)}: one festival process speaks every word in the voice (stretch > 1 is slower)."""
    with tempfile.TemporaryDirectory() as d:
        lines = [f'(voice_{voice})', f"(Parameter.set 'Duration_Stretch {stretch})"] + [f'(utt.save.wave (utt.synth (Utterance Text "{w}")) "{d}/{w}.wav" \'riff)' for w in words]
        script = os.path.join(d, 'say.scm')
        with open(script, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        subprocess.run(['festival', '-b', script], check=True, capture_output=True)
        return {w: read_wav(os.path.join(d, f'{w}.wav')) for w in words}


def sox_shift(x, rate, cents, tempo):
    """Pitch (cents) and tempo changed independently, by sox's WSOLA effects."""
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, 'in.wav'), os.path.join(d, 'out.wav')
        with wave.open(src, 'wb') as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes((np.clip(x, -1, 1) * 32767).astype('<i2').tobytes())
        subprocess.run(['sox', src, dst, 'pitch', str(cents), 'tempo', '-s', str(tempo)], check=True, capture_output=True)
        return read_wav(dst)


def held_out_clips(words):
    """[(voice name, word, samples, rate)] for every held-out voice, speed and word."""
    clips = []
    for engine, voice, speeds in HELD_OUT:
        if engine == 'festival':
            for stretch in speeds:
                clips.extend((voice, word, x, rate) for word, (x, rate) in festival(words, voice, stretch).items())
            continue
        for speed in speeds:
            for word in words:
                clips.append((voice, word, *espeak(word, voice, speed)))
    return clips
