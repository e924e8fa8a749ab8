# Dict views print as Python's (dict_keys, odict_keys for a state_dict), as tutorials print state_dict().keys()
import torch.nn as nn
from collections import OrderedDict, Counter, defaultdict
d = {'a': 1, 'b': 2}
print(d.keys(), d.values(), d.items(), list(d.keys()), sorted(d.keys()), 'a' in d.keys(), len(d.values()))
m = nn.Linear(2, 1)
print(m.state_dict().keys())
print(OrderedDict(x=1).items(), Counter('aab').keys(), defaultdict(int, {'k': 3}).values())
for k, v in d.items(): print(k, v, end=' ')
print(str(d.keys()), f"{d.keys()}", [k for k in d.keys()])
