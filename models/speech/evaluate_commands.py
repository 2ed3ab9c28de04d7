"""Per-word accuracy of the commands model on voices it never heard in training (voices.HELD_OUT), and on the
fixture recordings. Prints a table (word x held-out voice) and writes evaluation.json beside the model.

  /usr/bin/python3 models/speech/evaluate_commands.py [model_dir]

Needs espeak-ng, festival with festvox-kallpc16k, torch and numpy (see build_commands.py).
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commands_net import WORDS, load, predict  # noqa: E402
from spectrogram import features  # noqa: E402
from voices import HELD_OUT, held_out_clips, read_wav  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_MODEL = os.path.join(ROOT, 'models/speech-commands-inpage-18w')
FIXTURES = os.path.join(ROOT, 'tests/fixtures/audio')


def table(rows, voices):
    """rows: {word: {voice: [right, total]}} -> printable lines, a total row and column."""
    width = max(len(v) for v in voices) + 1
    lines = ['word      ' + ''.join(v.rjust(width) for v in voices) + '  all'.rjust(width)]
    for word, cells in rows.items():
        right = sum(c[0] for c in cells.values())
        total = sum(c[1] for c in cells.values())
        lines.append(word.ljust(10) + ''.join(f'{cells[v][0]}/{cells[v][1]}'.rjust(width) for v in voices) + f'{right / total:.2f}'.rjust(width))
    per_voice = [sum(rows[w][v][0] for w in rows) / sum(rows[w][v][1] for w in rows) for v in voices]
    lines.append('all'.ljust(10) + ''.join(f'{a:.2f}'.rjust(width) for a in per_voice))
    return lines


def evaluate(net):
    words = WORDS[2:]
    clips = held_out_clips(words)
    guesses = predict(net, [features(x, rate) for _, _, x, rate in clips]).argmax(1)
    voices = list(dict.fromkeys(voice for voice, *_ in clips))
    rows = {w: {v: [0, 0] for v in voices} for w in words}
    misses = []
    for (voice, word, _, _), guess in zip(clips, guesses):
        rows[word][voice][1] += 1
        rows[word][voice][0] += int(WORDS[guess] == word)
        if WORDS[guess] != word:
            misses.append([voice, word, WORDS[guess]])
    accuracy = float(np.mean([WORDS[g] == c[1] for c, g in zip(clips, guesses)]))
    print(f'held-out voices ({", ".join(f"{e} {v} at {s}" for e, v, s in HELD_OUT)}): {len(clips)} recordings')
    print('\n'.join(table(rows, voices)))
    print(f'held-out accuracy {accuracy:.3f}')
    report = {'heldOutAccuracy': accuracy, 'heldOutRecordings': len(clips),
              'perWord': {w: round(sum(c[0] for c in rows[w].values()) / sum(c[1] for c in rows[w].values()), 3) for w in words},
              'perVoice': {v: round(sum(rows[w][v][0] for w in words) / sum(rows[w][v][1] for w in words), 3) for v in voices},
              'misses': misses, 'fixtures': {}}
    for name in sorted(os.listdir(FIXTURES)):
        word = name[:-4]
        if word not in WORDS:
            continue
        x, rate = read_wav(os.path.join(FIXTURES, name))
        p = predict(net, [features(x, rate)])[0]
        report['fixtures'][word] = {'top': WORDS[int(p.argmax())], 'score': round(float(p.max()), 3)}
        print(f'fixture {name}: {WORDS[int(p.argmax())]} {p.max():.3f}')
    return report


def evaluate_and_save(net, out):
    report = evaluate(net)
    with open(os.path.join(out, 'evaluation.json'), 'w') as f:
        json.dump(report, f, indent=1)
    return report


if __name__ == '__main__':
    model = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL
    evaluate_and_save(load(model), model)
