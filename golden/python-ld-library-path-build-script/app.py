import ctypes

ctypes.CDLL("libfoo.so.1")
print("libfoo loaded")
