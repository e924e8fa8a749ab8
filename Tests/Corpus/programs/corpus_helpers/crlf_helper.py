# A helper saved with Windows line ends (\r\n), as udacity's helper.py is.
def greet(name):
    return "hello " + name
