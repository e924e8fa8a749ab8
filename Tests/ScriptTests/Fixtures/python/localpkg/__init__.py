# A package of the user's, imported by local_imports.py (its __init__ runs first).
VERSION = '0.1'
print('localpkg imported as', __name__)
