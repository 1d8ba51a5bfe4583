package cmt.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output of the command line, as {@code System.out}: buffered, and remembering its first write
 * error, which {@code PrintStream} otherwise swallows, so that {@code cmt stats big.trace > /dev/full} fails
 * instead of exiting 0 having printed nothing. A reader that has gone ({@code cmt decode big.cmtz | head})
 * is not an error: filters end quietly then.
 */
final class StandardOutput extends OutputStream {
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private volatile IOException error;

    /** Installs a new standard output as {@code System.out} and returns it. */
    static StandardOutput install() {
        StandardOutput s = new StandardOutput();
        System.setOut(new PrintStream(new BufferedOutputStream(s, 1 << 16), false));
        return s;
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
