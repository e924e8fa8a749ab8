# json as scripts use it: a configuration file read with json.load, values printed with json.dumps.
import json
import os

with open(os.path.join(os.path.dirname(__file__), 'data', 'config.json')) as f:
    cfg = json.load(f)
print(cfg, type(cfg['lr']).__name__, type(cfg['epochs']).__name__)
print(json.dumps(cfg))
print(json.dumps(cfg, indent=2, sort_keys=True))
print(json.dumps([1, 2.5, 1e20, -0.0, None, True, "a\"b\n", (1, 2), {}, []]), json.dumps({1: 'x', 2.5: 'y'}))
print(json.loads('[1, -2, 3.0, 1e3, "\\u00e9\\ud83d\\ude00", {"b": 1, "a": 2}]'), json.loads('  7 '))
for bad in ['[1, 2', '{"a" 1}', 'nul', '[1] x']:
    try:
        json.loads(bad)
    except ValueError:
        print('ValueError', repr(bad))
try:
    json.dumps({'s': {1, 2}})
except TypeError as e:
    print(e)
