"""The commands model's network (a speech-commands BROWSER_FFT-shaped CNN), its export as a TF.js layers model,
and the way back (load) to evaluate or continue training an export."""
import json
import os

import numpy as np
import torch
from torch import nn

from spectrogram import BINS, FRAMES

WORDS = ['_background_noise_', '_unknown_', 'down', 'eight', 'five', 'four', 'go', 'left', 'nine', 'no', 'one',
         'right', 'seven', 'six', 'stop', 'three', 'two', 'up', 'yes', 'zero']


class Net(nn.Module):
    """Conv(8,2x8,stride 1x2) pool, Conv(16,2x4) pool, Conv(32,2x4) pool, Conv(32,2x4) pool(1x2), Dense 64, Dense 20."""

    def __init__(self):
        super().__init__()
        # The first layer strides over frequency: half the cost of the full-resolution layer, which dominates.
        self.convs = nn.ModuleList([nn.Conv2d(1, 8, (2, 8), stride=(1, 2)), nn.Conv2d(8, 16, (2, 4)),
                                    nn.Conv2d(16, 32, (2, 4)), nn.Conv2d(32, 32, (2, 4))])
        self.pools = [(2, 2), (2, 2), (2, 2), (1, 2)]
        self.drop1 = nn.Dropout(0.25)
        self.dense1 = nn.Linear(3 * 4 * 32, 64)
        self.drop2 = nn.Dropout(0.5)
        self.dense2 = nn.Linear(64, len(WORDS))

    def forward(self, x):  # x: [N, 43, 232] -> logits
        x = x[:, None]
        for conv, pool in zip(self.convs, self.pools):
            x = nn.functional.max_pool2d(torch.relu(conv(x)), pool)
        x = x.permute(0, 2, 3, 1).flatten(1)  # Keras flattens channels-last
        return self.dense2(self.drop2(torch.relu(self.dense1(self.drop1(x)))))


def predict(net, xs):
    with torch.no_grad():
        return torch.softmax(net(torch.from_numpy(np.asarray(xs, dtype=np.float32))), 1).numpy()


def layer(class_name, name, **config):
    return {'class_name': class_name, 'config': {'name': name, 'trainable': True, 'dtype': 'float32', **config}}


def export(net, out):
    """A Keras Sequential topology + one weights file, the layout tf.loadLayersModel reads."""
    layers, weights, blobs = [], [], []

    def add_weight(name, array):
        weights.append({'name': name, 'shape': list(array.shape), 'dtype': 'float32'})
        blobs.append(np.ascontiguousarray(array, dtype='<f4').tobytes())

    for i, (conv, pool) in enumerate(zip(net.convs, net.pools)):
        extra = {'batch_input_shape': [None, FRAMES, BINS, 1]} if i == 0 else {}
        layers.append(layer('Conv2D', f'conv2d_{i + 1}', filters=conv.out_channels, kernel_size=list(conv.kernel_size),
                            strides=list(conv.stride), padding='valid', data_format='channels_last', dilation_rate=[1, 1],
                            activation='relu', use_bias=True, **extra))
        add_weight(f'conv2d_{i + 1}/kernel', conv.weight.detach().numpy().transpose(2, 3, 1, 0))
        add_weight(f'conv2d_{i + 1}/bias', conv.bias.detach().numpy())
        layers.append(layer('MaxPooling2D', f'max_pooling2d_{i + 1}', pool_size=list(pool), strides=list(pool),
                            padding='valid', data_format='channels_last'))
    layers.append(layer('Flatten', 'flatten_1', data_format='channels_last'))
    layers.append(layer('Dropout', 'dropout_1', rate=0.25))
    for i, (dense, activation) in enumerate([(net.dense1, 'relu'), (net.dense2, 'softmax')]):
        layers.append(layer('Dense', f'dense_{i + 1}', units=dense.out_features, activation=activation, use_bias=True))
        add_weight(f'dense_{i + 1}/kernel', dense.weight.detach().numpy().T)
        add_weight(f'dense_{i + 1}/bias', dense.bias.detach().numpy())
        if i == 0:
            layers.append(layer('Dropout', 'dropout_2', rate=0.5))
    model = {
        'format': 'layers-model',
        'generatedBy': 'InPage models/speech/build_commands.py (torch)',
        'convertedBy': None,
        'modelTopology': {'class_name': 'Sequential', 'config': {'name': 'inpage_commands_18w', 'layers': layers},
                          'keras_version': '2.2.4', 'backend': 'tensorflow'},
        'weightsManifest': [{'paths': ['weights.bin'], 'weights': weights}],
    }
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'model.json'), 'w') as f:
        json.dump(model, f)
    with open(os.path.join(out, 'weights.bin'), 'wb') as f:
        f.write(b''.join(blobs))
    with open(os.path.join(out, 'metadata.json'), 'w') as f:
        json.dump({'words': WORDS, 'frameSize': BINS, 'modelName': 'inpage-commands-18w'}, f)


def load(out):
    """The exported TF.js model back into torch (to evaluate it, or to start training from it)."""
    with open(os.path.join(out, 'model.json')) as f:
        spec = json.load(f)['weightsManifest'][0]['weights']
    with open(os.path.join(out, 'weights.bin'), 'rb') as f:
        raw = f.read()
    weights, offset = {}, 0
    for w in spec:
        n = int(np.prod(w['shape']))
        weights[w['name']] = np.frombuffer(raw, '<f4', n, offset).reshape(w['shape'])
        offset += 4 * n
    net = Net()
    for i, conv in enumerate(net.convs):
        conv.weight.data = torch.tensor(weights[f'conv2d_{i + 1}/kernel'].transpose(3, 2, 0, 1).copy())
        conv.bias.data = torch.tensor(weights[f'conv2d_{i + 1}/bias'].copy())
    for i, dense in enumerate([net.dense1, net.dense2]):
        dense.weight.data = torch.tensor(weights[f'dense_{i + 1}/kernel'].T.copy())
        dense.bias.data = torch.tensor(weights[f'dense_{i + 1}/bias'].copy())
    net.eval()
    return net
