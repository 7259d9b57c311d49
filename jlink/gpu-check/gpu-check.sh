#!/bin/bash
# The GPU check of issue 6, run on the device machine from the carried folder.
cd "$(dirname "$0")"
echo "== nvidia-smi raw (the probe's query)"; nvidia-smi --query-gpu=name,compute_cap,memory.total --format=csv,noheader,nounits | tee "$OUT/nvidia-smi.csv" | cat -A
echo "== nvidia-smi driver"; nvidia-smi --query-gpu=driver_version --format=csv,noheader; command -v nvidia-smi
echo "== java"; ./jre/bin/java -version 2>&1
for mode in auto gpu cpu; do echo "== BackendSelection --mode $mode"; ./jre/bin/java -cp probe.jar org.slmworkshop.backend.BackendSelection --mode $mode; echo "exit $?"; done
echo "== --launcher lines"; ./jre/bin/java -cp probe.jar org.slmworkshop.backend.BackendSelection --mode auto --launcher
echo "== failing driver stand-in (SLM_NVIDIA_SMI=/bin/false)"; SLM_NVIDIA_SMI=/bin/false ./jre/bin/java -cp probe.jar org.slmworkshop.backend.BackendSelection --mode auto --launcher
echo "== kernel images on this GPU"
printf '__global__ void add_one(float *x) { x[threadIdx.x] += 1.0f; }\n' > /tmp/k.cu
nvcc --version | tail -2
nvcc -cubin -arch=sm_86 -o /tmp/k_sm86.cubin /tmp/k.cu && nvcc -cubin -arch=sm_90 -o /tmp/k_sm90.cubin /tmp/k.cu
python3 load_module.py nd4j-kernels.fatbin /tmp/k_sm86.cubin /tmp/k_sm90.cubin
