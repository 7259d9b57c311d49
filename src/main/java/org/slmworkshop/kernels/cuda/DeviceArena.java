package org.slmworkshop.kernels.cuda;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory for tensors, taken from the driver in large slabs and handed out by bumping a pointer, so a
 * model's parameters, gradients, moments and activations cost a handful of cudaMalloc calls, all made while the
 * first step allocates its buffers; later steps allocate nothing. A block whose tensors are no longer reachable
 * goes back to a free list of its size (as PyTorch's caching allocator keeps blocks) and is reused by the next
 * tensor of that size: a new model of the same shape reuses the old one's memory. Nothing here calls CUDA from
 * the cleaner thread, and reuse is safe because every kernel runs on one stream, in order.
 */
final class DeviceArena {
    static final long SLAB_BYTES = 64L << 20;
    private static final long ALIGN = 256;

    private final CudaApi cuda;
    private final Cleaner cleaner = Cleaner.create(r -> {
        Thread thread = new Thread(r, "slm-cuda-arena");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long slab;          // the current slab's next free address
    private long slabLeft;      // bytes left in it
    private long reserved;      // bytes taken from the driver
    private long inUse;         // bytes held by live tensors

    DeviceArena(CudaApi cuda) {
        this.cuda = cuda;
    }

    /** A buffer of {@code floats} values (contents undefined); its block returns to the arena when it becomes unreachable. */
    DeviceBuffer allocate(long floats) {
        long bytes = Math.max(ALIGN, (floats * 4 + ALIGN - 1) / ALIGN * ALIGN);
        long address;
        synchronized (this) {
            ArrayDeque<Long> list = free.get(bytes);
            if (list != null && !list.isEmpty()) {
                address = list.pop();
            } else if (bytes > SLAB_BYTES / 4) {
                address = cuda.malloc(bytes);               // a large tensor gets its own allocation
                reserved += bytes;
            } else {
                if (slabLeft < bytes) {
                    slab = cuda.malloc(SLAB_BYTES);
                    slabLeft = SLAB_BYTES;
                    reserved += SLAB_BYTES;
                }
                address = slab;
                slab += bytes;
                slabLeft -= bytes;
            }
            inUse += bytes;
        }
        DeviceBuffer buffer = new DeviceBuffer(address, floats, false, null);
        long block = address;
        cleaner.register(buffer, () -> release(block, bytes));
        return buffer;
    }

    private synchronized void release(long address, long bytes) {
        free.computeIfAbsent(bytes, b -> new ArrayDeque<>()).push(address);
        inUse -= bytes;
    }

    /** Bytes taken from the driver so far. */
    synchronized long reserved() {
        return reserved;
    }

    /** Bytes held by tensors that are still reachable (or not yet collected). */
    synchronized long inUse() {
        return inUse;
    }
}
