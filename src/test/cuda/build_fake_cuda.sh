#!/usr/bin/env bash
# Builds the emulated GPU (fake_driver.cpp, fake_runtime.cpp) into the folder named by $1: libcuda.so.1 and
# libcudart/libcublas/libcublasLt/libnvrtc.so.13 with the real libraries' sonames and symbol versions.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$1"
CUDA_INCLUDE="${CUDA_INCLUDE:-/usr/local/cuda/include}"
mkdir -p "$OUT"
g++ -std=c++20 -O2 -fPIC -shared -pthread -I "$HERE" -I "$ROOT/resources/cuda" -Wl,-soname,libcuda.so.1 \
    -o "$OUT/libcuda.so.1" "$HERE/fake_driver.cpp"
build() {   # name soname define [include]
    local version="$OUT/$2.map"
    printf '%s {\n  global: *;\n};\n' "$2" > "$version"
    g++ -std=c++17 -O2 -fPIC -shared ${4:+-I "$4"} -D"$3" -Wl,-soname,"$2" -Wl,--version-script="$version" \
        -o "$OUT/$2" "$HERE/fake_runtime.cpp"
    rm -f "$version"
}
build cudart libcudart.so.13 FAKE_CUDART "$CUDA_INCLUDE"
build cublasLt libcublasLt.so.13 FAKE_CUBLASLT
build cublas libcublas.so.13 FAKE_CUBLAS
build nvrtc libnvrtc.so.13 FAKE_NVRTC
