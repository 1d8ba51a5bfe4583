package cmt.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output of the command line. {@link #install} puts a {@code System.out} in place that remembers
 * its first write error, which {@code PrintStream} otherwise swallows, so that
 * {@code cmt stats big.trace > /dev/full} fails instead of exiting 0 having printed nothing;
 * {@link #stream()} is what commands write traces to, failing at the first error. A reader that has gone
 * ({@code cmt decode big.cmtz | head}) is not an error: filters end quietly then.
 */
final class StandardOutput extends OutputStream {
    private static volatile StandardOutput installed;

    private volatile OutputStream out;
    /** True if {@link #out} is this process's descriptor 1 (not a test's stream). */
    private final boolean process;
    private volatile IOException error;

    private StandardOutput(OutputStream out, boolean process) {
        this.out = out;
        this.process = process;
    }

    /** Makes {@code System.out} a buffered stream onto {@code out} that remembers its errors; returns it. */
    static StandardOutput install(OutputStream out) {
        return install(out, false);
    }

    /** {@link #install} onto this process's standard output (file descriptor 1). */
    static StandardOutput installProcess() {
        return install(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
    }

    private static StandardOutput install(OutputStream out, boolean process) {
        StandardOutput s = new StandardOutput(out, process);
        installed = s;
        System.setOut(new PrintStream(new BufferedOutputStream(s, 1 << 16), false));
        return s;
    }

    /**
     * Before a replay in this process: keeps cmt's output on a private copy of descriptor 1 and points
     * descriptor 1 at standard error ({@link Descriptor}), so that the JVM's banner after an allocator
     * crashed it goes there. Nothing for output that is not this process's own.
     */
    static void keepFromJvm() {
        StandardOutput s = installed;
        if (s == null || !s.process) {
            return;
        }
        System.out.flush();
        OutputStream own = Descriptor.detach();
        if (own != null) {
            s.out = own;
        }
    }

    /** Forgets the installed output (tests put their own {@code System.out} back). */
    static void uninstall() {
        installed = null;
    }

    /**
     * A stream onto whatever {@code System.out} is when written to, throwing the first write error (with
     * its reason, where {@link #install} recorded it) instead of dropping the rest of a trace.
     */
    static OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                System.out.write(b, off, len);
                check();
            }

            @Override
            public void flush() throws IOException {
                check();
            }

            private void check() throws IOException {
                if (System.out.checkError()) {
                    StandardOutput s = installed;
                    throw s != null && s.error != null ? s.error : new IOException("write error");
                }
            }
        };
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (error != null) {
            throw error;
        }
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            error = e;
            throw e;
        }
    }

    /** The first write error of the installed standard output, or null. */
    static IOException error() {
        StandardOutput s = installed;
        return s == null ? null : s.error;
    }

    /** The first write error that is not a reader gone, after flushing; {@code null} if none. */
    IOException failure() {
        System.out.flush();
        return error == null || brokenPipe(error) ? null : error;
    }

    /** True if {@code e} or a cause of it is the error of a pipe whose reader has gone. */
    static boolean brokenPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }
}
