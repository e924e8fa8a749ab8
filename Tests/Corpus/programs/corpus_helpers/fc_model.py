# A helper module beside a course notebook (in the spirit of udacity's fc_model.py / helper.py):
# imported by 97_local_helper_module.py, not a corpus program itself.
import torch
from torch import nn
import torch.nn.functional as F

DROP_P = 0.2


class Network(nn.Module):
    def __init__(self, input_size, output_size, hidden_layers, drop_p=DROP_P):
        super().__init__()
        self.hidden = nn.ModuleList([nn.Linear(input_size, hidden_layers[0])])
        for h1, h2 in zip(hidden_layers[:-1], hidden_layers[1:]):
            self.hidden.append(nn.Linear(h1, h2))
        self.output = nn.Linear(hidden_layers[-1], output_size)
        self.dropout = nn.Dropout(p=drop_p)

    def forward(self, x):
        for each in self.hidden:
            x = self.dropout(F.relu(each(x)))
        return F.log_softmax(self.output(x), dim=1)


def count(model):
    return sum(p.numel() for p in model.parameters())


def describe(model):
    return f"{type(model).__name__} with {count(model)} parameters (dropout {DROP_P})"


print("loaded", __name__)
