# Loads GPU code images through the CUDA driver API (ctypes, no framework) and prints each result code.
import ctypes, sys
cuda = ctypes.CDLL("libcuda.so.1")
def name(code):
    text = ctypes.c_char_p(); cuda.cuGetErrorName(code, ctypes.byref(text))
    return (text.value or b"?").decode()
def check(code, what):
    print(f"{what}: {code} {name(code)}"); return code
check(cuda.cuInit(0), "cuInit")
device = ctypes.c_int(); check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
major, minor = ctypes.c_int(), ctypes.c_int()
cuda.cuDeviceGetAttribute(ctypes.byref(major), 75, device); cuda.cuDeviceGetAttribute(ctypes.byref(minor), 76, device)
print(f"device 0 compute capability {major.value}.{minor.value}")
context = ctypes.c_void_p(); check(cuda.cuDevicePrimaryCtxRetain(ctypes.byref(context), device), "cuDevicePrimaryCtxRetain")
check(cuda.cuCtxSetCurrent(context), "cuCtxSetCurrent")
for path in sys.argv[1:]:
    data = open(path, "rb").read(); module = ctypes.c_void_p()
    check(cuda.cuModuleLoadData(ctypes.byref(module), data), f"cuModuleLoadData({path}, {len(data)} bytes)")
