package org.slmworkshop.kernels.cuda;

/**
 * The storage of a CUDA tensor: {@code floats} values at device address {@code address}. A view keeps its
 * {@code owner} reachable, so the arena block under it is not reused while the view lives.
 */
final class DeviceBuffer {
    final long address;
    final long floats;
    final boolean constant;
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final Object owner;

    DeviceBuffer(long address, long floats, boolean constant, Object owner) {
        this.address = address;
        this.floats = floats;
        this.constant = constant;
        this.owner = owner;
    }

    /** The device address of value {@code index}. */
    long at(long index) {
        return address + 4 * index;
    }
}
