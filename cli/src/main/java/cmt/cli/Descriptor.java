package cmt.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Standard output kept for cmt alone, for a replay in this process: file descriptor 1 is duplicated to
 * a private descriptor that cmt's output is written to, and descriptor 1 is then pointed at standard
 * error. An allocator that crashes the process makes the JVM print its fatal-error banner on descriptor
 * 1 (no JVM option sends it elsewhere); this way it lands on standard error and a trace or report on
 * standard output stays whole. Only for a process that starts no child that should inherit standard
 * output (a replay in process starts none).
 */
final class Descriptor extends OutputStream {
    private static final int EINTR = 4;
    private static final int EPIPE = 32;
    private static final int CHUNK = 1 << 16;

    private static final Linker C = Linker.nativeLinker();
    private static final SymbolLookup LIBC = C.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final int fd;
    private final MethodHandle write;
    private final MethodHandle strerror;
    private final MemorySegment buffer = Arena.global().allocate(CHUNK);
    private final MemorySegment state = Arena.global().allocate(STATE);

    private Descriptor(int fd, MethodHandle write, MethodHandle strerror) {
        this.fd = fd;
        this.write = write;
        this.strerror = strerror;
    }

    /**
     * Duplicates descriptor 1 and points descriptor 1 at standard error; returns a stream onto the
     * duplicate, or null where that cannot be done (then nothing changed).
     */
    static OutputStream detach() {
        try {
            MethodHandle dup = handle("dup", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            MethodHandle dup2 = handle("dup2", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
            MethodHandle write = C.downcallHandle(LIBC.find("write").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO);
            MethodHandle strerror = handle("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            int kept = (int) dup.invokeExact(1);
            if (kept < 0) {
                return null;
            }
            if ((int) dup2.invokeExact(2, 1) < 0) {
                return null;
            }
            return new Descriptor(kept, write, strerror);
        } catch (Throwable t) {
            // Not Linux, or native access not enabled: the banner may then reach standard output.
            return null;
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return C.downcallHandle(LIBC.find(name).orElseThrow(), d);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            MemorySegment.copy(b, off, buffer, ValueLayout.JAVA_BYTE, 0, n);
            long done = 0;
            while (done < n) {
                long w;
                try {
                    w = (long) write.invokeExact(state, fd, buffer.asSlice(done), n - done);
                } catch (Throwable t) {
                    throw new IOException("write error: " + t, t);
                }
                if (w < 0) {
                    int errno = (int) ERRNO_VALUE.get(state, 0L);
                    if (errno == EINTR) {
                        continue;
                    }
                    throw new IOException(errno == EPIPE ? "Broken pipe" : reason(errno));
                }
                done += w;
            }
            off += n;
            len -= n;
        }
    }

    private String reason(int errno) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }
}
