# Importing the user's own modules, as multi-file examples do (`from data_utils import Corpus`,
# `import helper`): found next to the script, run once, with their own global names.
import localpkg.data_utils
from localpkg import data_utils as du
from localpkg.data_utils import Corpus, Dictionary, calls
import localpkg

print(localpkg.VERSION, localpkg.data_utils is du, du.Corpus is Corpus)
corpus = Corpus()
ids = corpus.get_data('the cat sat on the mat the end')
print(ids)
print(len(corpus.dictionary), corpus.dictionary.idx2word[3], calls(), du.calls())
corpus.get_data('a b')
print(calls(), du._counter, isinstance(corpus.dictionary, Dictionary), type(corpus).__name__)
du._counter = 10
print(calls(), du.__name__, sorted(n for n in dir(du) if not n.startswith('__')))
try:
    from localpkg import missing_name
except ImportError as e:
    print('ImportError', str(e).split(' (')[0], str(e).endswith('__init__.py)'))
try:
    import no_such_local_module
except ModuleNotFoundError as e:
    print('ModuleNotFoundError', e)
