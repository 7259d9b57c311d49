package org.slmworkshop.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Background work at a lower CPU priority than the window's own threads. A GPT training on two cores keeps
 * both busy; at equal priority the JavaFX application and render threads then get a third of a core and a
 * frame waits 100 ms or more. At a lower priority the trainer loses almost nothing (the UI needs little CPU),
 * and the UI draws on time.
 *
 * <p>Java thread priorities do this on Windows; on Linux the JVM ignores them, so there the thread's nice
 * value is raised by {@link #NICE} with {@code setpriority(PRIO_PROCESS, tid, nice)} (through JNA, which ND4J
 * already brings), which Linux applies to that one thread: a window started at nice 0 draws at 0 and trains at 10. Threads a lowered thread starts, such as the native OpenMP workers
 * ND4J creates on the training thread, inherit its nice value. Raising one's own nice value needs no privilege;
 * lowering it again would, so a lowered thread stays lowered. {@code -Dslm.backgroundNice=0} turns it off.
 */
public final class BackgroundPriority {
    /** How much higher background threads' nice value is on Linux: 10 steps weigh about a tenth. */
    public static final int NICE = Integer.getInteger("slm.backgroundNice", 10);
    private static final int PRIO_PROCESS = 0;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {}

    /** Lowers the calling thread's priority; true when the operating system took it (false where it cannot). */
    public static boolean lowerCurrentThread() {
        if (NICE <= 0) return false;
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (!Files.isSymbolicLink(THREAD_SELF)) return false;   // not Linux: the Java priority is all there is
        OptionalInt tid = currentThreadId();
        OptionalInt now = currentNice();
        if (tid.isEmpty() || now.isEmpty()) return false;
        try {
            return LibC.INSTANCE.setpriority(PRIO_PROCESS, tid.getAsInt(), Math.min(19, now.getAsInt() + NICE)) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;   // no usable libc through JNA: background work keeps the normal priority
        }
    }

    /** The calling thread's nice value as Linux reports it, or empty elsewhere. */
    public static OptionalInt currentNice() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // pid (comm) state ppid … : the comm may hold spaces, so count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));   // field 19 of proc(5), the 17th after comm
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Linux's id of the calling thread: /proc/thread-self links to {@code <pid>/task/<tid>}. */
    private static OptionalInt currentThreadId() {
        try {
            Path target = Files.readSymbolicLink(THREAD_SELF);
            return OptionalInt.of(Integer.parseInt(target.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.loadLibrary("c", LibC.class);

        int setpriority(int which, int who, int prio);
    }
}
