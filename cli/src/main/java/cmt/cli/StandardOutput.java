package cmt.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output for a command's data: buffered, left open when the command closes it, and ending the
 * command quietly once its reader has gone ({@code cmt decode big.cmtz | head}), as filters do, instead
 * of reading the rest of the trace for nobody. Writes go through {@code System.out}, whose errors are only
 * seen by asking it, once per buffer.
 */
final class StandardOutput extends OutputStream {
    /** Thrown when the reader of standard output has gone; the command line exits with status 0. */
    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super("standard output closed", null, false, false);
        }
    }

    private final PrintStream out = System.out;
    private final byte[] buffer = new byte[1 << 16];
    private int count;
    private boolean gone;

    @Override
    public void write(int b) {
        if (count == buffer.length) {
            flush();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > buffer.length - count) {
            flush();
        }
        if (len >= buffer.length) {
            if (gone) {
                return;
            }
            out.write(b, off, len);
            check();
            return;
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    @Override
    public void flush() {
        if (count > 0 && !gone) {
            out.write(buffer, 0, count);
            check();
        }
        count = 0;
    }

    @Override
    public void close() {
        flush();
    }

    private void check() {
        if (out.checkError()) {
            gone = true;
            throw new Closed();
        }
    }
}
