# collections as the RL and NLP tutorials use them: a deque replay memory sampled with random.sample,
# namedtuple transitions, Counter, defaultdict, OrderedDict (a state_dict is one).
import random
from collections import deque, namedtuple, Counter, defaultdict, OrderedDict
Transition = namedtuple('Transition', ('state', 'action', 'next_state', 'reward'))
class ReplayMemory(object):
    def __init__(self, capacity):
        self.memory = deque([], maxlen=capacity)
    def push(self, *args):
        """Save a transition"""
        self.memory.append(Transition(*args))
    def sample(self, batch_size):
        return random.sample(self.memory, batch_size)
    def __len__(self):
        return len(self.memory)
random.seed(1)
m = ReplayMemory(5)
for i in range(8):
    m.push(i, i + 1, i + 2, float(i))
print(len(m), m.memory[0], m.memory[-1])
batch = Transition(*zip(*m.sample(3)))
print(batch.state, batch.reward)
print(3 in deque([1, 2, 3]), deque([1]) == deque([1]), bool(deque()), list(reversed(deque([1, 2]))))
c = Counter()
for w in "the cat the dog the end".split():
    c[w] += 1
print(c, c.most_common(1), sum(c.values()), len(c))
c.update(["cat", "cat"])
print(c['cat'], c.total())
d = defaultdict(int)
for ch in "hello":
    d[ch] += 1
print(d, dict(d), d.get('z'), 'z' in d)
od = OrderedDict([('a', 1)])
od['b'] = 2
print(od, list(od.items()), OrderedDict())
import torch.nn as nn
print(type(nn.Linear(2, 1).state_dict()).__name__)
print(isinstance(od, dict), isinstance(d, dict), type(d).__name__, type(c).__name__)
q = deque([1, 2, 3], maxlen=3)
q.appendleft(0)
print(q, q.maxlen, q.popleft(), q.pop(), q)
q.extend([7, 8, 9])
q.rotate(1)
print(q, q[0], q[-1], q.index(8), q.count(7))
q.rotate(-2)
q.extendleft([5, 6])
print(q, len(q), list(q))
try:
    deque().pop()
except IndexError as e:
    print('IndexError:', e)
P = namedtuple('P', 'x y')
p = P(1, y=2)
print(p, p.x, p[1], p._asdict(), P._fields)
