# A script importing a module file of its own, as course notebooks do (`import helper`,
# `import fc_model`, `from data_utils import Corpus`): here corpus_helpers/fc_model.py.
import torch
from corpus_helpers import fc_model
import corpus_helpers.fc_model as again
from corpus_helpers.fc_model import Network, describe, DROP_P

print(fc_model is again, fc_model.__name__)
model = Network(784, 10, [32, 16])
print(model)
print(describe(model), DROP_P)

torch.manual_seed(0)
x = torch.ones(4, 784) * 0.5
model.eval()
logps = model(x)
print(logps.shape, logps.exp().sum(dim=1))

import corpus_helpers.fc_model
print(corpus_helpers.fc_model.count(model), type(corpus_helpers).__name__)

try:
    import corpus_helpers.no_such_module
except ModuleNotFoundError as e:
    print(type(e).__name__, str(e).startswith("No module named 'corpus_helpers.no_such_module'"))

# a module file with Windows line ends imports as in Python (universal newlines)
from corpus_helpers.crlf_helper import greet
print(greet("helper"))
