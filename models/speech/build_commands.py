"""Builds InPage's own speech-commands-compatible model (BROWSER_FFT layout, the 18-word vocabulary).

Reproducible (seeded: a rerun on the same Debian packages gives the same examples and the same training):
  apt-get install python3-torch python3-numpy espeak-ng sox festival festvox-kdlpc16k festvox-us-slt-hts festvox-kallpc16k
  /usr/bin/python3 models/speech/build_commands.py [out_dir]
  1. synthesises the words in many voices (voices.py): every English espeak-ng voice in every variant it ships,
     at random speeds and pitches, and two Festival voices shifted in pitch and tempo by sox; the unknown class
     gets other words, the background class gets room noise and hum,
  2. augments them as a room and a microphone would (augment.py: speed, reverberation, colouring, noise,
     another voice underneath) and computes the spectrograms the worker computes (spectrogram.py), each word
     placed by its onset 0.04-0.18 s into the window,
  3. trains a small CNN in torch (with time and frequency masking) and writes it as a TF.js layers model
     (model.json + weights.bin) with the library's metadata.json (commands_net.py), so speech-commands'
     create('BROWSER_FFT', undefined, model, metadata) loads it,
  4. measures it per word on voices it never heard (evaluate_commands.py; voices.HELD_OUT) -> evaluation.json.

SPEECH_BUILD_CACHE=<file.npz> keeps the examples between runs; SPEECH_EPOCHS sets the epochs (default 6).
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment import augment, background  # noqa: E402
from commands_net import WORDS, Net, export, load  # noqa: E402
from evaluate_commands import evaluate_and_save  # noqa: E402
from spectrogram import features  # noqa: E402
from voices import ESPEAK_TRAIN_VOICES, FESTIVAL_TRAIN_VOICES, espeak, espeak_variants, festival, sox_shift  # noqa: E402

UNKNOWN = ['bed', 'bird', 'cat', 'dog', 'happy', 'house', 'marvin', 'sheila', 'tree', 'wow', 'learn', 'follow',
           'forward', 'backward', 'visual', 'on', 'off', 'hello', 'apple', 'water', 'table', 'music', 'light',
           'open', 'green', 'ten', 'done', 'gone', 'nice', 'ride', 'sticks', 'door', 'boat', 'lift', 'seventy',
           'why', 'oh', 'sun', 'fine', 'know']
COMMANDS = WORDS[2:]
# Per espeak voice and variant: this many of the 18 words (a random choice), and of the unknown words.
WORDS_PER_VOICE = 12
UNKNOWN_PER_VOICE = 2
# Festival: every word at each (cents, tempo); the two voices are few, so each clip gets more augmented copies.
FESTIVAL_SHIFTS = [(c, t) for c in (-300, -150, 0, 150, 300) for t in (0.85, 1.0, 1.15)]
FESTIVAL_COPIES = 3
SEED = 7


def synthesise(rng):
    """[(label, samples, rate, augmented copies)]"""
    jobs = []
    for voice in ESPEAK_TRAIN_VOICES:
        for variant in espeak_variants():
            for word in rng.choice(COMMANDS, WORDS_PER_VOICE, replace=False):
                jobs.append((str(word), str(word), voice + variant, int(rng.integers(110, 211)), int(rng.integers(20, 81))))
            for word in rng.choice(UNKNOWN, UNKNOWN_PER_VOICE, replace=False):
                jobs.append(('_unknown_', str(word), voice + variant, int(rng.integers(110, 211)), int(rng.integers(20, 81))))
    print(f'{time.strftime("%H:%M:%S")} espeak-ng: {len(jobs)} clips', flush=True)
    with ThreadPoolExecutor(2) as pool:
        clips = list(pool.map(lambda j: (j[0], *espeak(j[1], j[2], j[3], j[4]), 1), jobs))
    for voice in FESTIVAL_TRAIN_VOICES:
        said = festival(COMMANDS + UNKNOWN, voice)
        for word, (x, rate) in said.items():
            label = word if word in COMMANDS else '_unknown_'
            shifts = FESTIVAL_SHIFTS if label != '_unknown_' else [FESTIVAL_SHIFTS[int(rng.integers(len(FESTIVAL_SHIFTS)))] for _ in range(3)]
            for cents, tempo in shifts:
                clips.append((label, *sox_shift(x, rate, cents, tempo), FESTIVAL_COPIES))
    print(f'{time.strftime("%H:%M:%S")} with festival: {len(clips)} clips', flush=True)
    return clips


def dataset(rng, clips):
    others = [c[:3] for c in clips]
    xs, ys = [], []
    for label, x, rate, copies in clips:
        y = WORDS.index(label)
        xs.append(features(x, rate, float(rng.uniform(0.04, 0.18))))
        ys.append(y)
        for _ in range(copies):
            ax, arate = augment(rng, x, rate, others)
            xs.append(features(ax, arate, float(rng.uniform(0.04, 0.18))))
            ys.append(y)
    for _ in range(len(xs) // 20):
        x, rate = background(rng)
        xs.append(features(x, rate, float(rng.uniform(0.04, 0.18))))
        ys.append(0)
    return np.stack(xs).astype(np.float16), np.array(ys)


def mask(x, generator):
    """SpecAugment-style: one stripe of frames and one of bins set to the mean (0 after z-scoring), half the time."""
    n = x.shape[0]
    for axis, most in ((1, 6), (2, 30)):
        width = torch.randint(0, most + 1, (n,), generator=generator)
        start = (torch.rand(n, generator=generator) * (x.shape[axis] - width)).long()
        keep = torch.rand(n, generator=generator) < 0.5
        idx = torch.arange(x.shape[axis])[None, :]
        hit = (idx >= start[:, None]) & (idx < (start + width)[:, None]) & ~keep[:, None]
        x = x.masked_fill(hit[:, :, None] if axis == 1 else hit[:, None, :], 0.0)
    return x


def train(xs, ys, epochs, lr=2e-3, start=None):
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    net = start or Net()
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    x_all = torch.from_numpy(xs)
    y_all = torch.from_numpy(ys)
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(ys))
        total, correct, loss_sum = 0, 0, 0.0
        for b in range(0, len(ys), 128):
            i = order[b:b + 128]
            logits = net(mask(x_all[i].float(), generator))
            loss = nn.functional.cross_entropy(logits, y_all[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(i)
            correct += (logits.argmax(1) == y_all[i]).sum().item()
            total += len(i)
        sched.step()
        print(f'{time.strftime("%H:%M:%S")} epoch {epoch + 1}/{epochs}: loss {loss_sum / total:.3f}, train accuracy {correct / total:.3f}', flush=True)
    net.eval()
    return net


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'models/speech-commands-inpage-18w')
    torch.set_num_threads(2)
    rng = np.random.default_rng(SEED)
    started = time.time()
    cache = os.environ.get('SPEECH_BUILD_CACHE')
    if cache and os.path.exists(cache):
        saved = np.load(cache)
        xs, ys = saved['xs'], saved['ys']
    else:
        xs, ys = dataset(rng, synthesise(rng))
        if cache:
            np.savez(cache, xs=xs, ys=ys)
    counts = np.bincount(ys, minlength=len(WORDS))
    print(f'{time.strftime("%H:%M:%S")} {len(ys)} examples ({", ".join(f"{w} {c}" for w, c in zip(WORDS, counts))})', flush=True)
    epochs = int(os.environ.get('SPEECH_EPOCHS', '6'))
    # SPEECH_INIT=<exported model dir> goes on training an export on the same examples, at a lower rate.
    init = os.environ.get('SPEECH_INIT')
    net = train(xs, ys, epochs, 5e-4, load(init)) if init else train(xs, ys, epochs)
    print(f'{time.strftime("%H:%M:%S")} built in {(time.time() - started) / 60:.1f} min', flush=True)
    export(net, out)
    evaluate_and_save(net, out)


if __name__ == '__main__':
    main()
