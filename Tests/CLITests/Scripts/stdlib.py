# Standard modules as training scripts use them (compared with real Python's output).
import argparse
import itertools
import math
import os
import os.path
import random
import time
from collections import Counter, OrderedDict, defaultdict, namedtuple
from pathlib import Path

parser = argparse.ArgumentParser(description="toy trainer")
parser.add_argument("name", help="run name")
parser.add_argument("--epochs", type=int, default=3, help="epochs to train")
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--flag", action="store_true", default=False)
parser.add_argument("--dry-run", action="store_true")
args = parser.parse_args()
print(args.name, args.epochs, args.lr, args.flag, args.dry_run)
print(parser.parse_args(["x", "--epochs", "5", "--lr=0.5"]))

random.seed(42)
print(random.random(), random.randint(1, 100), random.choice("abcdef"), random.uniform(0, 1))
xs = list(range(10))
random.shuffle(xs)
print(xs, random.sample(range(100), 5), round(random.gauss(0, 1), 6), random.randrange(0, 50, 5))
random.seed(12345678901234)
print(random.random(), random.getrandbits(40))

print(math.sqrt(16), math.pi, math.floor(2.7), math.ceil(2.1), math.log(math.e), math.exp(0))
print(math.isclose(0.1 + 0.2, 0.3), math.prod([1, 2, 3, 4]), math.gcd(12, 18), math.factorial(5))
print(math.inf > 1e308, math.isinf(math.inf), math.isfinite(1.0), math.atan2(1, 1), math.hypot(3, 4))
print(math.degrees(math.pi), math.radians(180), math.log(8, 2), math.pow(2, 10), math.trunc(-2.5), math.fsum([0.1] * 10))

print(list(itertools.islice(itertools.count(5, 2), 4)), list(itertools.chain([1, 2], (3,), "ab")))
print(list(itertools.product([0, 1], repeat=2)), list(itertools.combinations("abc", 2)))
print(list(itertools.permutations([1, 2, 3], 2))[:4], list(itertools.accumulate([1, 2, 3, 4])))
print(list(itertools.zip_longest([1, 2, 3], "ab", fillvalue="-")), list(itertools.repeat("z", 3)))
print(list(itertools.chain.from_iterable([[1], [2, 3]])), list(zip(range(4), itertools.cycle("xy"))))

counts = Counter("mississippi")
print(counts["s"], counts["z"], counts.most_common(2))
groups = defaultdict(list)
for w in ["apple", "avocado", "banana"]:
    groups[w[0]].append(w)
print(dict(groups), groups["c"], len(groups))
od = OrderedDict([("b", 2), ("a", 1)])
print(list(od.keys()))
Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x + p.y, p[0], tuple(p), p._asdict())

print(os.path.join("data", "mnist", "raw"), os.path.basename("/a/b/model.pt"), os.path.dirname("/a/b/model.pt"))
print(os.path.splitext("model.tar.gz"), os.path.split("a/b"), os.path.exists("stdlib.py"), os.path.isdir("."))
print(os.path.isfile("nope.txt"), os.sep, type(os.getcwd()).__name__ if False else "str", "stdlib.py" in os.listdir("."))
base = Path("data") / "mnist"
print(base, base.name, base.parent, Path("x/model.pt").suffix, Path("x/model.pt").stem, base.exists())
print(str(Path("a") / "b" / "c.txt"), Path("a", "b").parts, Path("m.pt").with_suffix(".bin"))
t0 = time.time()
time.sleep(0.01)
print(time.time() - t0 >= 0.0, time.perf_counter() > 0)
try:
    parser.parse_args(["x", "--epochs", "many"])
except SystemExit as e:
    print("SystemExit", e)
