# An uncaught error inside a function called from a method: Python's traceback, exit status 1.
def scale(values, factor):
    out = []
    for v in values:
        out.append(v / factor)
    return out


class Normalizer:
    def __init__(self, factor):
        self.factor = factor

    def apply(self, values):
        total = sum(values)
        print("total", total)
        return scale(values, self.factor)


n = Normalizer(0)
n.apply([1, 2, 3])
print("not reached")
