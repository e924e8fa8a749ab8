x = 3
x + 1
"a bare string"
print(x * 2)
[i * i for i in range(3)]
