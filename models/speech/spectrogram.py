"""The spectrogram the speech-commands BROWSER_FFT models read, as Chrome's AnalyserNode makes it.

The library sets the analyser's fftSize to 2048 at 44.1 kHz and reads one frame every 1024 samples:
Blackman window, |FFT| / 2048, 20*log10, the first 232 bins (0-5 kHz), 43 frames (about 1 s).
The word is placed by its onset (not centred): the model is position-sensitive, so training and the
worker align every example the same way. workers/speech/spectrogram.ts computes exactly this in the
worker; tests compare the two.
"""
import numpy as np

SAMPLE_RATE = 44100
WINDOW = 2048
HOP = 1024
BINS = 232
FRAMES = 43
# Digital silence has no logarithm: the floor keeps one silent stretch from dominating the z-score.
FLOOR_DB = -120.0
# The model reads a word whose onset is this far into its one-second window (espeak's own lead-in).
LEAD = 0.1
ONSET_BLOCK = 441


def resample_linear(x, rate, target=SAMPLE_RATE):
    """Linear interpolation, the same arithmetic as resampleLinear() in the worker."""
    if rate == target:
        return x.astype(np.float32)
    n = int(np.floor(len(x) * target / rate))
    pos = np.arange(n, dtype=np.float64) * (rate / target)
    i = np.minimum(np.floor(pos).astype(np.int64), len(x) - 1)
    j = np.minimum(i + 1, len(x) - 1)
    frac = (pos - i).astype(np.float32)
    return (x[i] * (1 - frac) + x[j] * frac).astype(np.float32)


def blackman(n=WINDOW):
    k = np.arange(n)
    return (0.42 - 0.5 * np.cos(2 * np.pi * k / n) + 0.08 * np.cos(4 * np.pi * k / n)).astype(np.float32)


_WINDOW = blackman()


def frames(x44):
    """All frames of a 44.1 kHz signal: [T, 232] in dB. Short signals are padded to one spectrogram."""
    need = WINDOW + (FRAMES - 1) * HOP
    if len(x44) < need:
        pad = need - len(x44)
        x44 = np.pad(x44, (pad // 2, pad - pad // 2))
    count = (len(x44) - WINDOW) // HOP + 1
    idx = np.arange(WINDOW)[None, :] + HOP * np.arange(count)[:, None]
    spectrum = np.fft.rfft(x44[idx] * _WINDOW[None, :], axis=1)[:, :BINS]
    magnitude = np.abs(spectrum) / WINDOW
    return np.maximum(20 * np.log10(np.maximum(magnitude, 1e-30)), FLOOR_DB).astype(np.float32)


def onset(x44):
    """Where the loudest sound's stretch of activity starts: from the loudest 10 ms block, back until 0.3 s
    stay 35 dB under it. Same walk as onset() in the worker."""
    blocks = len(x44) // ONSET_BLOCK
    if blocks == 0:
        return 0
    env = np.abs(x44[:blocks * ONSET_BLOCK]).reshape(blocks, ONSET_BLOCK).max(axis=1)
    peak = int(np.argmax(env))
    threshold = env[peak] * 10 ** (-35 / 20)
    start, quiet, i = peak, 0, peak
    while i > 0 and quiet < 30:
        i -= 1
        if env[i] > threshold:
            start, quiet = i, 0
        else:
            quiet += 1
    return start * ONSET_BLOCK


def placed(x44, lead=LEAD):
    """One spectrogram's worth of signal with the word's onset `lead` seconds in, as the model was trained."""
    need = WINDOW + (FRAMES - 1) * HOP
    at = int(round(lead * SAMPLE_RATE))
    out = np.zeros(need, dtype=np.float32)
    segment = x44[onset(x44):][:need - at]
    out[at:at + len(segment)] = segment
    return out


def normalize(x):
    """z-score over the whole example, as speech-commands' normalize()."""
    return ((x - x.mean()) / (x.std() + 1e-7)).astype(np.float32)


def features(samples, rate, lead=LEAD):
    return normalize(frames(placed(resample_linear(samples, rate), lead)))
