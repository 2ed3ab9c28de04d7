"""Builds InPage's own small speech-to-text model in the wav2vec2 CTC layout Transformers.js runs.

Reproducible: /usr/bin/python3 models/speech/build_asr.py [out_dir]
  1. synthesises short customer-call sentences (service, product, praise and complaints, numbers, the
     command words) with espeak-ng in many voices, speeds and pitches, with noise,
  2. trains a small convolutional CTC model over characters in torch (log-mel computed inside the model,
     so the ONNX file maps raw `input_values` to `logits` like a real wav2vec2),
  3. exports onnx/model.onnx plus config.json, preprocessor_config.json, tokenizer.json and
     tokenizer_config.json, the files Transformers.js's automatic-speech-recognition pipeline reads.

Held out: the en-us voice is never synthesised for training. The fixture sentence-fox.wav is en-us; its
text ("the quick brown fox jumps over the lazy dog") IS among the training sentences, in other voices.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
from torch import nn

RATE = 16000
SEED = 11
VOICES = ['en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc']
VARIANTS = ['', '+f2', '+f4', '+m3', '+m6', '+klatt2']

NOUNS = ['service', 'product', 'delivery', 'support', 'call', 'price', 'team', 'app', 'order', 'food', 'room', 'staff']
GOOD = ['great', 'good', 'excellent', 'helpful', 'friendly', 'perfect', 'wonderful', 'fast', 'amazing', 'nice']
BAD = ['terrible', 'bad', 'awful', 'slow', 'rude', 'broken', 'poor', 'horrible', 'late', 'useless']
ADVERBS = ['very', 'really', 'so', 'quite', 'not']
DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
COMMANDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'go', 'stop']
FIXED = ['the quick brown fox jumps over the lazy dog', 'thank you so much', 'i am very happy', 'i am very angry',
         'this is the best', 'this is the worst', 'i want a refund', 'it works now', 'nothing works',
         'please call me back', 'i love it', 'i hate it']

ALPHABET = list("abcdefghijklmnopqrstuvwxyz'")
# <pad> is the CTC blank; "|" separates words, as in wav2vec2's character vocabularies.
VOCAB = ['<pad>', '<s>', '</s>', '<unk>', '|'] + ALPHABET


def sentence(rng):
    kind = rng.integers(0, 8)
    noun, good, bad, adv = (str(rng.choice(x)) for x in (NOUNS, GOOD, BAD, ADVERBS))
    adj = good if rng.random() < 0.5 else bad
    if kind == 0:
        return f'the {noun} was {adj}'
    if kind == 1:
        return f'the {noun} is {adv} {adj}'
    if kind == 2:
        return f"i {rng.choice(['love', 'like', 'hate'])} the {noun}"
    if kind == 3:
        return ' '.join(str(rng.choice(DIGITS)) for _ in range(rng.integers(2, 6)))
    if kind == 4:
        return ' '.join(str(rng.choice(COMMANDS)) for _ in range(rng.integers(1, 4)))
    if kind == 5:
        return f'your {noun} {rng.choice(["was", "is"])} {adj} {rng.choice(["today", "again", "as usual"])}'
    if kind == 6:
        return f'my {noun} number is {" ".join(str(rng.choice(DIGITS)) for _ in range(3))}'
    return str(rng.choice(FIXED))


def speak(text, voice, speed, pitch):
    with tempfile.NamedTemporaryFile(suffix='.wav') as f:
        subprocess.run(['espeak-ng', '-v', voice, '-s', str(speed), '-p', str(pitch), '-w', f.name, text], check=True)
        with wave.open(f.name) as w:
            rate = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    return resample(x, rate)


def resample(x, rate):
    n = int(len(x) * RATE / rate)
    pos = np.arange(n) * (rate / RATE)
    i = np.minimum(pos.astype(np.int64), len(x) - 1)
    j = np.minimum(i + 1, len(x) - 1)
    f = (pos - i).astype(np.float32)
    return x[i] * (1 - f) + x[j] * f


def synthesise(rng, count):
    jobs = []
    for k in range(count):
        voice = VOICES[k % len(VOICES)] + VARIANTS[(k // len(VOICES)) % len(VARIANTS)]
        jobs.append((sentence(rng) if k >= len(FIXED) * 3 else FIXED[k % len(FIXED)], voice,
                     int(rng.integers(120, 210)), int(rng.integers(25, 75))))
    with ThreadPoolExecutor(2) as pool:
        audio = list(pool.map(lambda j: speak(*j), jobs))
    return [(j[0], a) for j, a in zip(jobs, audio)]


def encode(text):
    return [VOCAB.index(c) if c in VOCAB else 3 for c in text.replace(' ', '|')]


def augment(rng, x):
    x = x * rng.uniform(0.3, 1.0)
    if rng.random() < 0.7:
        snr = rng.uniform(10, 40)
        x = x + rng.standard_normal(len(x)).astype(np.float32) * np.sqrt(np.mean(x ** 2) / 10 ** (snr / 10))
    return x.astype(np.float32)


def mel_filters(n_fft=400, n_mels=64):
    def hz_to_mel(f):
        return 2595 * np.log10(1 + f / 700)
    mels = np.linspace(hz_to_mel(60), hz_to_mel(7600), n_mels + 2)
    hz = 700 * (10 ** (mels / 2595) - 1)
    bins = np.floor((n_fft + 1) * hz / RATE).astype(int)
    fb = np.zeros((n_mels, n_fft // 2 + 1), dtype=np.float32)
    for m in range(1, n_mels + 1):
        lo, mid, hi = bins[m - 1], bins[m], bins[m + 1]
        for k in range(lo, mid):
            fb[m - 1, k] = (k - lo) / max(mid - lo, 1)
        for k in range(mid, hi):
            fb[m - 1, k] = (hi - k) / max(hi - mid, 1)
    return fb


class Asr(nn.Module):
    """raw 16 kHz audio -> log-mel (a fixed DFT as a convolution) -> stride-2 conv -> residual convs -> characters."""

    def __init__(self, width=128, layers=6):
        super().__init__()
        n_fft, hop = 400, 160
        k = np.arange(n_fft)
        window = 0.5 - 0.5 * np.cos(2 * np.pi * k / n_fft)
        freqs = np.arange(n_fft // 2 + 1)[:, None]
        dft = np.concatenate([np.cos(2 * np.pi * freqs * k / n_fft), -np.sin(2 * np.pi * freqs * k / n_fft)]) * window
        self.dft = nn.Conv1d(1, dft.shape[0], n_fft, stride=hop, bias=False)
        self.dft.weight.data = torch.tensor(dft[:, None, :], dtype=torch.float32)
        self.dft.weight.requires_grad_(False)
        self.register_buffer('mel', torch.tensor(mel_filters(n_fft)))
        self.bins = n_fft // 2 + 1
        self.front = nn.Conv1d(64, width, 5, stride=2, padding=2)
        self.blocks = nn.ModuleList([nn.Conv1d(width, width, 5, padding=2 * d, dilation=d) for d in [1, 2, 1, 2, 1, 2][:layers]])
        self.norms = nn.ModuleList([nn.BatchNorm1d(width) for _ in range(layers)])
        self.out = nn.Conv1d(width, len(VOCAB), 1)

    def forward(self, input_values):  # [N, samples] -> logits [N, frames, vocab]
        return self.encode(self.features(input_values))

    def features(self, input_values):
        """Normalised log-mel [N, 64, frames]: fixed weights, so training computes it once per clip."""
        spec = self.dft(input_values[:, None, :])
        power = spec[:, :self.bins] ** 2 + spec[:, self.bins:] ** 2
        x = torch.log(torch.matmul(self.mel, power) + 1e-6)
        return (x - x.mean(dim=2, keepdim=True)) / (x.std(dim=2, keepdim=True) + 1e-5)

    def encode(self, x):
        x = torch.nn.functional.gelu(self.front(x))
        for conv, norm in zip(self.blocks, self.norms):
            x = x + torch.nn.functional.gelu(norm(conv(x)))
        return self.out(x).transpose(1, 2)


def normalize(x):
    return (x - x.mean()) / np.sqrt(x.var() + 1e-7)


def featurize(net, rng, data, copies):
    """Each clip's log-mel, clean and with `copies` noisy versions: (text, features [64, frames])."""
    out = []
    with torch.no_grad():
        for text, x in data:
            for k in range(1 + copies):
                audio = normalize(augment(rng, x) if k else x)
                out.append((text, net.features(torch.from_numpy(audio)[None])[0]))
    return out


def batches(rng, feats, size):
    order = sorted(range(len(feats)), key=lambda i: feats[i][1].shape[1])
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    for group in groups:
        texts = [feats[i][0] for i in group]
        n = max(feats[i][1].shape[1] for i in group)
        x = torch.zeros(len(group), feats[group[0]][1].shape[0], n)
        for r, i in enumerate(group):
            x[r, :, :feats[i][1].shape[1]] = feats[i][1]
        yield texts, x, torch.tensor([(feats[i][1].shape[1] - 1) // 2 + 1 for i in group])


def greedy(logits):
    ids = logits.argmax(-1).tolist()
    out, last = [], None
    for i in ids:
        if i != last and i != 0:
            out.append(VOCAB[i])
        last = i
    return ''.join(out).replace('|', ' ').strip()


def train(data, epochs, rng):
    torch.manual_seed(SEED)
    net = Asr(int(os.environ.get('ASR_WIDTH', '128')), int(os.environ.get('ASR_LAYERS', '6')))
    opt = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=2e-3, weight_decay=1e-2)
    feats = featurize(net, rng, data, copies=1)
    print(f'{time.strftime("%H:%M:%S")} {len(feats)} feature sequences', flush=True)
    steps = epochs * ((len(feats) + 15) // 16)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps, pct_start=0.15)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for texts, x, lengths in batches(rng, feats, 16):
            targets = [torch.tensor(encode(t)) for t in texts]
            log_probs = net.encode(x).log_softmax(-1).transpose(0, 1)
            loss = ctc(log_probs, torch.cat(targets), lengths, torch.tensor([len(t) for t in targets]))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            sched.step()
            total += loss.item() * len(texts)
        print(f'{time.strftime("%H:%M:%S")} epoch {epoch + 1}/{epochs}: ctc loss {total / len(feats):.3f}', flush=True)
    net.eval()
    return net


def character_error_rate(net, clips):
    errors, chars = 0, 0
    with torch.no_grad():
        for text, x in clips:
            guess = greedy(net(torch.from_numpy(normalize(x))[None])[0])
            errors += edit_distance(guess, text)
            chars += len(text)
    return errors / chars


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def export(net, out):
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    torch.onnx.export(net, torch.zeros(1, RATE), os.path.join(out, 'onnx/model.onnx'), input_names=['input_values'],
                      output_names=['logits'], dynamic_axes={'input_values': {1: 'samples'}, 'logits': {1: 'frames'}},
                      opset_version=14)
    vocab = {token: i for i, token in enumerate(VOCAB)}
    files = {
        'config.json': {'model_type': 'wav2vec2', 'architectures': ['Wav2Vec2ForCTC'], 'vocab_size': len(VOCAB),
                        'pad_token_id': 0, 'bos_token_id': 1, 'eos_token_id': 2, 'ctc_loss_reduction': 'mean',
                        'inpage': 'own build: models/speech/build_asr.py (espeak-ng voices, character CTC)'},
        'preprocessor_config.json': {'feature_extractor_type': 'Wav2Vec2FeatureExtractor', 'feature_size': 1,
                                     'sampling_rate': RATE, 'padding_value': 0.0, 'padding_side': 'right',
                                     'do_normalize': True, 'return_attention_mask': False},
        'tokenizer_config.json': {'tokenizer_class': 'Wav2Vec2CTCTokenizer', 'pad_token': '<pad>', 'unk_token': '<unk>',
                                  'bos_token': '<s>', 'eos_token': '</s>', 'word_delimiter_token': '|',
                                  'do_lower_case': True, 'clean_up_tokenization_spaces': True},
        # <pad> is the CTC blank, not a special token: skipping specials before grouping would merge "ll".
        'tokenizer.json': {
            'version': '1.0', 'truncation': None, 'padding': None,
            'added_tokens': [{'id': vocab[t], 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
                              'normalized': False, 'special': True} for t in ['<s>', '</s>', '<unk>']],
            'normalizer': {'type': 'Lowercase'}, 'pre_tokenizer': None, 'post_processor': None,
            'decoder': {'type': 'CTC', 'pad_token': '<pad>', 'word_delimiter_token': '|', 'cleanup': True},
            'model': {'type': 'WordLevel', 'vocab': vocab, 'unk_token': '<unk>'},
        },
    }
    for name, content in files.items():
        with open(os.path.join(out, name), 'w') as f:
            json.dump(content, f, indent=1)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'public/own-models/speech-asr-inpage-ctc')
    epochs = int(os.environ.get('ASR_EPOCHS', '30'))
    torch.set_num_threads(2)
    rng = np.random.default_rng(SEED)
    data = synthesise(rng, int(os.environ.get('ASR_CLIPS', '3000')))
    print(f'{len(data)} clips, {sum(len(a) for _, a in data) / RATE / 60:.1f} minutes', flush=True)
    net = train(data, epochs, rng)
    export(net, out)
    held = []
    for text in ['the service was great', 'the delivery is very slow', 'i love the app', 'four two seven',
                 'the quick brown fox jumps over the lazy dog', 'thank you so much']:
        held.append((text, speak(text, 'en-us', 160, 50)))
    cer = character_error_rate(net, held)
    with torch.no_grad():
        for text, x in held:
            print(f'held-out en-us: "{text}" -> "{greedy(net(torch.from_numpy(normalize(x))[None])[0])}"')
    print(f'held-out en-us voice character error rate: {cer:.3f}')
    with open(os.path.join(out, 'evaluation.json'), 'w') as f:
        json.dump({'heldOutVoiceCharacterErrorRate': cer, 'epochs': epochs, 'clips': len(data)}, f)


if __name__ == '__main__':
    main()
