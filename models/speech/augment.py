"""Augmentation for the commands model: what a word sounds like through a real room and microphone.

Speed (vocal tract length and tempo together), a room's reverberation (a synthetic impulse response), a
microphone's colouring (high- and low-pass), room noise (white, pink, brown, mains hum, another voice
underneath) at 3-40 dB SNR, gain, and a resample through 16 kHz. Every draw comes from the caller's rng.
"""
import numpy as np

from spectrogram import resample_linear


def noise(rng, n, kind):
    white = rng.standard_normal(n).astype(np.float32)
    if kind == 'white':
        return white
    spectrum = np.fft.rfft(white)
    f = np.maximum(np.arange(len(spectrum)), 1)
    shaped = np.fft.irfft(spectrum / (np.sqrt(f) if kind == 'pink' else f), n).astype(np.float32)
    return shaped / (shaped.std() + 1e-9)


def hum(rng, n, rate):
    t = np.arange(n) / rate
    base = rng.choice([50, 60])
    x = sum(np.sin(2 * np.pi * base * h * t + rng.uniform(0, 6.3)) / h for h in range(1, 6)).astype(np.float32)
    return x + 0.1 * noise(rng, n, 'white')


def background(rng, rate=16000):
    """A second of no word: room noise, hum or near silence, at any level."""
    n = int(rate * rng.uniform(1.0, 1.6))
    kind = rng.choice(['white', 'pink', 'brown', 'hum', 'quiet'])
    if kind == 'hum':
        x = hum(rng, n, rate)
    elif kind == 'quiet':
        x = noise(rng, n, 'pink') * 0.01
    else:
        x = noise(rng, n, kind)
    x = reverberate(rng, x, rate) if rng.random() < 0.3 else x
    return (x / (np.abs(x).max() + 1e-9) * rng.uniform(0.001, 0.5)).astype(np.float32), rate


def reverberate(rng, x, rate):
    """Convolution with exponentially decaying noise (RT60 0.1-0.8 s) after a direct path: a small to large room."""
    rt60 = rng.uniform(0.1, 0.8)
    n = int(rate * rt60)
    t = np.arange(n) / rate
    tail = noise(rng, n, 'white') * np.exp(-6.9 * t / rt60)
    tail[: int(rate * rng.uniform(0.002, 0.02))] = 0  # the first reflection comes after the direct sound
    ir = np.concatenate([[1.0], tail[1:] * rng.uniform(0.05, 0.3)]).astype(np.float32)
    size = 1 << int(np.ceil(np.log2(len(x) + n)))
    wet = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(ir, size), size)[: len(x) + n // 2]
    return (wet / (np.abs(wet).max() + 1e-9) * np.abs(x).max()).astype(np.float32)


def colour(rng, x, rate):
    """High-pass (a small microphone's weak bass) and/or low-pass (a muffled one), as moving-average FIRs."""
    if rng.random() < 0.5:
        k = max(1, int(rate / rng.uniform(100, 400)))
        x = x - np.convolve(x, np.ones(k, dtype=np.float32) / k, mode='same')
    if rng.random() < 0.5:
        k = max(1, int(rate / rng.uniform(2500, 6000)))
        x = np.convolve(x, np.ones(k, dtype=np.float32) / k, mode='same')
    return x.astype(np.float32)


def speed(rng, x, rate):
    """Played 0.88-1.12x as fast: shorter or longer vocal tract and tempo at once."""
    factor = rng.uniform(0.88, 1.12)
    return resample_linear(x, rate, int(rate / factor)), rate


def augment(rng, x, rate, others=None):
    """One augmented copy of a clip; `others` are clips that may murmur underneath (babble)."""
    if rng.random() < 0.6:
        x, rate = speed(rng, x, rate)
    if rng.random() < 0.5:
        x = reverberate(rng, x, rate)
    if rng.random() < 0.5:
        x = colour(rng, x, rate)
    if rate != 16000 and rng.random() < 0.5:
        x, rate = resample_linear(x, rate, 16000), 16000
    x = x * rng.uniform(0.2, 1.0)
    power = np.mean(x ** 2) + 1e-12
    if others and rng.random() < 0.15:
        _, y, yrate = others[int(rng.integers(len(others)))]
        y = resample_linear(y, yrate, rate)
        y = np.resize(y, len(x)) if len(y) > 0 else np.zeros_like(x)
        x = x + y * np.sqrt(power / (np.mean(y ** 2) + 1e-12) / 10 ** (rng.uniform(12, 25) / 10))
    if rng.random() < 0.8:
        kind = rng.choice(['white', 'pink', 'brown', 'hum'])
        n = hum(rng, len(x), rate) if kind == 'hum' else noise(rng, len(x), kind)
        n = n / (np.sqrt(np.mean(n ** 2)) + 1e-9)
        x = x + n * np.sqrt(power / 10 ** (rng.uniform(3, 40) / 10))
    return x.astype(np.float32), rate
