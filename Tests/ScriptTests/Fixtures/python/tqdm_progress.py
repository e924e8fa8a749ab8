# tqdm as course notebooks use it: the loop sees the same items, tqdm.write prints on standard output.
# (Recorded with tqdm importable: PYTHONPATH=DIR after pip install --target DIR tqdm. Standard error,
# where tqdm draws its bar, is not compared.)
from tqdm import tqdm, trange
from tqdm.auto import tqdm as tq
import tqdm as tqdm_module
total = 0
for x in tqdm(range(5), desc="epoch"):
    total += x
print(total)
for i in trange(3):
    pass
print(i)
with tq(total=10) as bar:
    for k in range(10):
        bar.update(1)
        bar.set_postfix(loss=0.5)
    print(bar.n)
pbar = tqdm([1, 2, 3])
print([v * 2 for v in pbar], len(pbar))
tqdm.write("written")
pbar.set_description("x")
pbar.close()
print(type(tqdm_module.tqdm(range(1))).__name__)
